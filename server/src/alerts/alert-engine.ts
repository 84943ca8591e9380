import type { Alert, AlertRule, Caravan, Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';
import { placeAt } from '@rumbo/shared/places';
import type { TrackStore } from '../store/track-store';
import type { AlertStore } from './alert-store';
import { alertText, dashboardLink, fixFields, newAlertId } from './alert-record';
import { DEFAULT_ALERT_RULES } from './default-rules';
import { isMilestoneRule, milestoneOf, type MilestoneContext, type MilestoneRule } from './milestones';
import { createLocalMemo } from './local-memo';
import { ANYONE, resumedAlerts, silenceAlerts } from './silences';

/** How long this instance trusts the rules it read: others' edits apply within this. */
const RULES_MAX_AGE_MS = 5_000;
/** How long a claim seen taken is not asked again (a withdrawal on another instance frees it within this). */
const CLAIM_MAX_AGE_MS = 10_000;
/**
 * How often who reported is written to the store. Silences are minutes long, so a silence may
 * start at most this much early; and no silence can be open for whom this instance heard within
 * it (closing them is part of noting), so pushes in between skip the store.
 */
export const HEARD_REFRESH_MS = 10_000;

/** The track is read whole only to judge a withdrawn milestone again (rare: an editor hid its fix). */
const TRACK_READ_LIMIT = 100_000;

export interface AlertEngineDeps {
  store: Pick<TrackStore, 'listTrack' | 'listCaravans' | 'trackFacts'>;
  alertStore: AlertStore;
  /** Everything an alert causes once stored: webhook deliveries, the newsroom's feed. */
  raised: (alert: Alert) => Promise<void>;
  log: { error(object: object, message: string): void };
  now: () => number;
  /** HEARD_REFRESH_MS; tests that move the clock by minutes within a second set 0. */
  heardRefreshMs?: number;
}

/** The rules a caravan is judged by: its own, else the defaults. */
export async function rulesOf(alertStore: Pick<AlertStore, 'getRules'>, caravanId: string): Promise<AlertRule[]> {
  return (await alertStore.getRules(caravanId)) ?? structuredClone([...DEFAULT_ALERT_RULES]);
}

const contextOf = (caravan: Caravan): MilestoneContext => ({
  originState: placeAt([caravan.origin.lng, caravan.origin.lat])?.state ?? null,
});

const byFixTime = (a: Report, b: Report) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || (a.id < b.id ? -1 : 1);

/**
 * Judges what the change feed reports against each caravan's rules and raises each alert once.
 * Milestones are judged on the track only (visible, unflagged fixes), earliest fix first, and the
 * store's claim makes each fire once per caravan: a late or out-of-order fix, another instance or
 * a restart finds the claim taken. When the fix a milestone stood on leaves the track (hidden,
 * flagged), the milestone is judged again on what is left: it moves to another fix that still
 * meets it, or is withdrawn with a follow-up alert and may fire again later.
 */
export function createAlertEngine({ store, alertStore, raised, log, now, heardRefreshMs = HEARD_REFRESH_MS }: AlertEngineDeps) {
  const rules = createLocalMemo<AlertRule[]>(RULES_MAX_AGE_MS, now);
  const taken = createLocalMemo<true>(CLAIM_MAX_AGE_MS, now);
  const heardLately = createLocalMemo<true>(heardRefreshMs, now);

  async function rulesNow(caravanId: string): Promise<AlertRule[]> {
    const known = rules.get(caravanId);
    if (known) return known;
    const read = await rulesOf(alertStore, caravanId);
    rules.set(caravanId, read);
    return read;
  }

  /** Claims for `alertId`, unless this instance saw the claim taken lately. */
  async function claim(caravanId: string, what: string, alertId: string): Promise<boolean> {
    const key = `${caravanId}|${what}`;
    if (taken.get(key)) return false;
    const won = await alertStore.claim(caravanId, what, alertId);
    taken.set(key, true);
    return won;
  }

  /** Whether every reporter of these reports (and the caravan) was noted lately by this instance. */
  function allHeardLately(caravanId: string, reports: Report[]): boolean {
    return [ANYONE, ...reports.map((report) => report.reporterId)].every((who) => heardLately.get(`${caravanId}|${who}`));
  }
  function noteHeardLately(caravanId: string, reports: Report[]): void {
    for (const who of [ANYONE, ...reports.map((report) => report.reporterId)]) heardLately.set(`${caravanId}|${who}`, true);
  }

  async function raise(alert: Alert): Promise<void> {
    await alertStore.saveAlert(alert);
    await raised(alert);
  }

  /** `tried`: claims already asked for in this batch (500 fixes near the border ask once, not 500 times). */
  async function judgeFix(
    caravan: Caravan,
    rules: MilestoneRule[],
    report: Report,
    context: MilestoneContext,
    tried: Set<string>,
  ) {
    for (const rule of rules) {
      const milestone = milestoneOf(rule, report, context);
      if (!milestone || tried.has(milestone.claim)) continue;
      tried.add(milestone.claim);
      const id = newAlertId(now());
      if (!(await claim(caravan.id, milestone.claim, id))) continue;
      await raise({
        id,
        ruleId: rule.id,
        kind: rule.kind,
        event: 'triggered',
        caravanId: caravan.id,
        at: new Date(now()).toISOString(),
        ...fixFields(report),
        figures: milestone.figures,
        text: alertText(caravan, milestone.summary, report),
        link: dashboardLink(caravan.id, report.id),
        claim: milestone.claim,
      });
    }
  }

  async function judgeFixes(caravan: Caravan, reports: Report[]): Promise<void> {
    const milestoneRules = (await rulesNow(caravan.id)).filter((rule) => rule.enabled).filter(isMilestoneRule);
    if (milestoneRules.length === 0) return;
    const context = contextOf(caravan);
    const tried = new Set<string>();
    for (const report of reports.filter(isOnTrack).sort(byFixTime))
      await judgeFix(caravan, milestoneRules, report, context, tried);
  }

  /** The milestone `alert` stands on left the track: move it to a fix that still meets it, or withdraw it. */
  async function judgeAgain(caravan: Caravan, alert: Alert, caravanRules: AlertRule[]): Promise<void> {
    const rule = caravanRules.find((candidate) => candidate.id === alert.ruleId);
    if (rule && isMilestoneRule(rule) && alert.claim) {
      const context = contextOf(caravan);
      const track = await store.listTrack(caravan.id, Number.MAX_SAFE_INTEGER, TRACK_READ_LIMIT);
      const still = track.find((report) => milestoneOf(rule, report, context)?.claim === alert.claim);
      if (still) {
        const milestone = milestoneOf(rule, still, context)!;
        await alertStore.saveAlert({
          ...alert,
          ...fixFields(still),
          figures: milestone.figures,
          text: alertText(caravan, milestone.summary, still),
          link: dashboardLink(caravan.id, still.id),
        });
        return;
      }
    }
    // Only the holder of the claim withdraws, once; the milestone may then fire again on a later fix.
    if (alert.claim && !(await alertStore.release(caravan.id, alert.claim, alert.id))) return;
    if (alert.claim) taken.forget(`${caravan.id}|${alert.claim}`);
    await alertStore.saveAlert({ ...alert, withdrawn: true });
    await raise({
      id: newAlertId(now()),
      ruleId: alert.ruleId,
      kind: alert.kind,
      event: 'withdrawn',
      caravanId: caravan.id,
      at: new Date(now()).toISOString(),
      figures: alert.figures,
      text: `Withdrawn: ${alert.text} (its fix ${alert.reportId} is no longer on the track)`,
      link: dashboardLink(caravan.id, alert.reportId),
      refersTo: alert.id,
    });
  }

  async function judgeLeftTrack(caravan: Caravan, left: Report[]): Promise<void> {
    if (left.length === 0) return;
    const ids = new Set(left.map((report) => report.id));
    const standing = (await alertStore.listAlerts(caravan.id, Number.MAX_SAFE_INTEGER)).filter(
      (alert) => alert.event === 'triggered' && !alert.withdrawn && alert.reportId !== undefined && ids.has(alert.reportId),
    );
    if (standing.length === 0) return;
    const caravanRules = await rulesNow(caravan.id);
    for (const alert of standing) await judgeAgain(caravan, alert, caravanRules);
  }

  const guarded =
    <Args extends unknown[]>(what: string, run: (...args: Args) => Promise<void>) =>
    async (...args: Args) => {
      try {
        await run(...args);
      } catch (error) {
        log.error({ err: error, what }, 'judging alerts failed');
      }
    };

  return {
    /** This instance's rules of the caravan are stale (an editor wrote them here). */
    forgetRules: (caravanId: string) => rules.forget(caravanId),
    /** New reports: reports resume silences; fixes on the track may meet milestones. */
    reportsStored: guarded('reports stored', async (caravan: Caravan, reports: Report[]) => {
      if (!allHeardLately(caravan.id, reports)) {
        for (const alert of await resumedAlerts({ alertStore, caravan, reports, now })) await raise(alert);
        noteHeardLately(caravan.id, reports);
      }
      await judgeFixes(caravan, reports);
    }),
    /** Reports hidden, restored or judged again: milestones they stood on are judged again; restored ones judged anew. */
    reportsUpdated: guarded('reports updated', async (caravan: Caravan, reports: Report[]) => {
      await judgeLeftTrack(
        caravan,
        reports.filter((report) => !isOnTrack(report)),
      );
      await judgeFixes(caravan, reports);
    }),
    /** Looks for caravans gone silent; run on every instance, each silence raised by one. */
    sweepSilences: guarded('silences', async () => {
      const caravans = (await store.listCaravans()).filter((caravan) => caravan.status === 'active');
      for (const caravan of caravans) {
        const caravanRules = await rulesNow(caravan.id);
        for (const alert of await silenceAlerts({ alertStore, store, caravan, rules: caravanRules, now })) await raise(alert);
      }
    }),
  };
}
export type AlertEngine = ReturnType<typeof createAlertEngine>;
