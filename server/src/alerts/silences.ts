import type { Alert, AlertRule, Caravan, Report } from '@rumbo/shared';
import type { TrackStore } from '../store/track-store';
import type { AlertStore } from './alert-store';
import { alertText, dashboardLink, fixFields, newAlertId } from './alert-record';

/** Any reporter: the caravan as a whole. */
export const ANYONE = '*';

type SilenceRule = Extract<AlertRule, { kind: 'silence_minutes' }>;
const isSilenceRule = (rule: AlertRule): rule is SilenceRule => rule.kind === 'silence_minutes' && rule.enabled;

/** A silence is one rule and whom it listens to: `rule id|reporter` (or `|*`). */
const silenceKey = (rule: SilenceRule) => `${rule.id}|${rule.reporterId ?? ANYONE}`;
export const whoOf = (silence: string) => silence.slice(silence.indexOf('|') + 1);

export const minutesBetween = (fromMs: number, toMs: number) => Math.round((toMs - fromMs) / 60_000);
const whom = (who: string) => (who === ANYONE ? '' : ` from reporter ${who}`);

/**
 * Opens a silence (`key`) in the store, atomically: of several instances sweeping, one opens it.
 * For the one that did, the alert it raises, standing on the caravan's last known position; null
 * when the silence was open already.
 */
export async function openSilenceAlert(
  { alertStore, store, caravan }: { alertStore: AlertStore; store: Pick<TrackStore, 'trackFacts'>; caravan: Caravan },
  {
    rule,
    key,
    nowMs,
    figures,
    summary,
  }: { rule: AlertRule; key: string; nowMs: number; figures: Alert['figures']; summary: string },
): Promise<Alert | null> {
  const id = newAlertId(nowMs);
  if (!(await alertStore.openSilence(caravan.id, key, id))) return null;
  const { latest } = await store.trackFacts(caravan.id);
  return {
    id,
    ruleId: rule.id,
    kind: rule.kind,
    event: 'triggered',
    caravanId: caravan.id,
    at: new Date(nowMs).toISOString(),
    ...(latest ? fixFields(latest) : {}),
    figures,
    text: alertText(caravan, `${summary}; last known position`, latest ?? undefined),
    link: dashboardLink(caravan.id, latest?.id),
  };
}

/**
 * Silences that began: rules whose reporter (or anyone) last reported more than their minutes
 * ago. Each silence is opened atomically in the store, so it is raised once however many
 * instances sweep, and not again until reports resume. A caravan never heard from is not silent.
 */
export async function silenceAlerts({
  alertStore,
  store,
  caravan,
  rules,
  now,
}: {
  alertStore: AlertStore;
  store: Pick<TrackStore, 'trackFacts'>;
  caravan: Caravan;
  rules: AlertRule[];
  now: () => number;
}): Promise<Alert[]> {
  const silenceRules = rules.filter(isSilenceRule);
  if (silenceRules.length === 0) return [];
  const heard = await alertStore.heard(caravan.id);
  const alerts: Alert[] = [];
  for (const rule of silenceRules) {
    const who = rule.reporterId ?? ANYONE;
    const lastMs = heard[who];
    const nowMs = now();
    if (lastMs === undefined || nowMs - lastMs < rule.minutes * 60_000) continue;
    const silentMinutes = minutesBetween(lastMs, nowMs);
    const alert = await openSilenceAlert(
      { alertStore, store, caravan },
      {
        rule,
        key: silenceKey(rule),
        nowMs,
        figures: {
          silentMinutes,
          thresholdMinutes: rule.minutes,
          lastReportAt: new Date(lastMs).toISOString(),
          ...(rule.reporterId ? { reporterId: rule.reporterId } : {}),
        },
        summary: `sent no report${whom(who)} for ${silentMinutes} minutes`,
      },
    );
    if (alert) alerts.push(alert);
  }
  return alerts;
}

/** What a follow-up says when reports end a silence: a reporter's or the caravan's, or a phone's without fixes. */
function resumedWords(kind: string, who: string, silentMinutes: number): Pick<Alert, 'figures'> & { summary: string } {
  if (kind === 'phone_alive_no_fix')
    return {
      figures: { noFixMinutes: silentMinutes, reporterId: who },
      summary: `has fixes again from reporter ${who}'s phone after ${silentMinutes} minutes without one`,
    };
  return {
    figures: { silentMinutes, ...(who === ANYONE ? {} : { reporterId: who }) },
    summary: `is reporting again${whom(who)} after ${silentMinutes} minutes of silence`,
  };
}

/**
 * Notes who just reported, and closes the silences they end (a silence of the caravan or a
 * reporter, a phone alive without fixes): one alert "resumed" per silence, from whichever
 * instance closes it first.
 */
export async function resumedAlerts({
  alertStore,
  caravan,
  reports,
  now,
}: {
  alertStore: AlertStore;
  caravan: Caravan;
  reports: Report[];
  now: () => number;
}): Promise<Alert[]> {
  if (reports.length === 0) return [];
  const arrived: Record<string, number> = {};
  for (const report of reports) {
    const atMs = Date.parse(report.receivedAt);
    arrived[ANYONE] = Math.max(arrived[ANYONE] ?? 0, atMs);
    arrived[report.reporterId] = Math.max(arrived[report.reporterId] ?? 0, atMs);
  }
  const [before, open] = await Promise.all([alertStore.heard(caravan.id), alertStore.openSilences(caravan.id)]);
  await alertStore.noteHeard(caravan.id, arrived);
  const alerts: Alert[] = [];
  for (const silence of Object.keys(open)) {
    const who = whoOf(silence);
    if (arrived[who] === undefined) continue;
    const openedBy = await alertStore.closeSilence(caravan.id, silence);
    if (!openedBy) continue;
    const opening = await alertStore.getAlert(caravan.id, openedBy);
    const latest = reports.filter((report) => who === ANYONE || report.reporterId === who).at(-1)!;
    const silentMinutes = before[who] === undefined ? 0 : minutesBetween(before[who], arrived[who]);
    const kind = opening?.kind ?? 'silence_minutes';
    const { figures, summary } = resumedWords(kind, who, silentMinutes);
    alerts.push({
      id: newAlertId(now()),
      ruleId: opening?.ruleId ?? silence.slice(0, silence.indexOf('|')),
      kind,
      event: 'resumed',
      caravanId: caravan.id,
      at: new Date(now()).toISOString(),
      ...fixFields(latest),
      figures,
      text: alertText(caravan, summary, latest),
      link: dashboardLink(caravan.id, latest.id),
      refersTo: openedBy,
    });
  }
  return alerts;
}
