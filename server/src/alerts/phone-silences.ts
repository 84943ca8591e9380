import type { Alert, AlertRule, Caravan } from '@rumbo/shared';
import type { AccountRecord } from '../accounts/account-store';
import { reporterCaravan } from '../accounts/reporter-caravan';
import type { TrackStore } from '../store/track-store';
import type { AlertStore } from './alert-store';
import { minutesBetween, openSilenceAlert } from './silences';

type PhoneRule = Extract<AlertRule, { kind: 'phone_alive_no_fix' }>;
const isPhoneRule = (rule: AlertRule): rule is PhoneRule => rule.kind === 'phone_alive_no_fix' && rule.enabled;

/** The reporters whose phones report to this caravan (their only caravan, or the current one), with their phone signals. */
const phonesOf = (accounts: readonly AccountRecord[], caravanId: string) =>
  accounts.filter((account) => account.role === 'reporter' && !account.revokedAt && reporterCaravan(account) === caravanId);

/**
 * Phones alive without fixes: a reporter whose last report to the caravan is more than the rule's
 * minutes old while the phone sent a heartbeat after it (the app runs but finds no position: GPS
 * off, no sky, location permission taken). A silence of its own (`rule id|reporter`), opened
 * atomically, so raised once however many instances sweep; the reporter's next report closes it
 * with a `resumed` alert. A phone that never reported to the caravan is not judged, as a caravan
 * never heard from is not silent.
 */
export async function phoneSilenceAlerts({
  alertStore,
  store,
  accounts,
  caravan,
  rules,
  now,
}: {
  alertStore: AlertStore;
  store: Pick<TrackStore, 'trackFacts'>;
  accounts: () => Promise<readonly AccountRecord[]>;
  caravan: Caravan;
  rules: AlertRule[];
  now: () => number;
}): Promise<Alert[]> {
  const phoneRules = rules.filter(isPhoneRule);
  if (phoneRules.length === 0) return [];
  const phones = phonesOf(await accounts(), caravan.id).filter((account) => account.lastHeartbeatAt);
  if (phones.length === 0) return [];
  const heard = await alertStore.heard(caravan.id);
  const alerts: Alert[] = [];
  for (const rule of phoneRules) {
    for (const phone of phones) {
      const lastFixMs = heard[phone.id];
      const heartbeatMs = Date.parse(phone.lastHeartbeatAt!);
      const nowMs = now();
      if (lastFixMs === undefined || heartbeatMs <= lastFixMs || nowMs - lastFixMs < rule.minutes * 60_000) continue;
      const noFixMinutes = minutesBetween(lastFixMs, nowMs);
      const alert = await openSilenceAlert(
        { alertStore, store, caravan },
        {
          rule,
          key: `${rule.id}|${phone.id}`,
          nowMs,
          figures: {
            noFixMinutes,
            thresholdMinutes: rule.minutes,
            reporterId: phone.id,
            lastReportAt: new Date(lastFixMs).toISOString(),
            lastHeartbeatAt: phone.lastHeartbeatAt!,
          },
          summary:
            `has no fix from reporter ${phone.name}'s phone (${phone.id}) for ${noFixMinutes} minutes, ` +
            `though it is alive (last heartbeat ${minutesBetween(heartbeatMs, nowMs)} minutes ago)`,
        },
      );
      if (alert) alerts.push(alert);
    }
  }
  return alerts;
}
