import type { Alert, AlertRule, Caravan, Report } from '@rumbo/shared';
import { fixTimeMs, isOnTrack } from '@rumbo/shared/track';
import { placeAt } from '@rumbo/shared/places';
import type { AccountRecord, AccountStore } from '../accounts/account-store';
import type { TrackStore } from '../store/track-store';
import type { AlertStore } from './alert-store';
import { alertText, dashboardLink, fixFields, newAlertId } from './alert-record';
import { DEFAULT_ALERT_RULES } from './default-rules';
import { episodeKey, episodeTrack, isEpisodeKind, isEpisodeRule, judgeEpisode, newsIndexes, type EpisodeRule } from './episodes';
import { isMilestoneRule, milestoneOf, type Milestone, type MilestoneContext } from './milestones';
import { createLocalMemo } from './local-memo';
import { phoneSilenceAlerts } from './phone-silences';
import { ANYONE, resumedAlerts, silenceAlerts } from './silences';
import { isTrackMilestoneRule, trackMilestoneAgain, trackMilestonesOf, type MetOn } from './track-milestones';

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
  store: Pick<TrackStore, 'listTrack' | 'listReports' | 'listCaravans' | 'trackFacts'>;
  alertStore: AlertStore;
  /** Reporters and their phones' heartbeats, for the rule of phones alive without fixes. */
  accounts: Pick<AccountStore, 'list'>;
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

/** What an alert says of the fix it stands on: the fix, the figures, the line, the link. */
const standingOn = (caravan: Caravan, report: Report, { figures, summary }: Pick<Milestone, 'figures' | 'summary'>) => ({
  ...fixFields(report),
  figures,
  text: alertText(caravan, summary, report),
  link: dashboardLink(caravan.id, report.id),
});

/**
 * Judges what the change feed reports against each caravan's rules and raises each alert once.
 * Milestones are judged on the track only (visible, unflagged fixes), earliest fix first, and the
 * store's claim makes each fire once per caravan: a late or out-of-order fix, another instance or
 * a restart finds the claim taken. When the fix a milestone stood on leaves the track (hidden,
 * flagged), the milestone is judged again on what is left: it moves to another fix that still
 * meets it, or is withdrawn with a follow-up alert and may fire again later. Episodes (off route,
 * stopped) and silences (of the caravan, a reporter, a phone without fixes) are opened once in
 * the store and closed with a `resumed` follow-up.
 */
export function createAlertEngine({
  store,
  alertStore,
  accounts,
  raised,
  log,
  now,
  heardRefreshMs = HEARD_REFRESH_MS,
}: AlertEngineDeps) {
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

  /** Claims a milestone met on `report` and raises it; `tried`: claims already asked for in this batch (500 fixes near the border ask once, not 500 times). */
  async function raiseMilestone(caravan: Caravan, rule: AlertRule, { report, milestone }: MetOn, tried: Set<string>) {
    if (tried.has(milestone.claim)) return;
    tried.add(milestone.claim);
    const id = newAlertId(now());
    if (!(await claim(caravan.id, milestone.claim, id))) return;
    await raise({
      id,
      ruleId: rule.id,
      kind: rule.kind,
      event: 'triggered',
      caravanId: caravan.id,
      at: new Date(now()).toISOString(),
      ...standingOn(caravan, report, milestone),
      claim: milestone.claim,
    });
  }

  /** Milestones: those one fix meets, then those judged on the track around the new fixes (a day's distance, a count). */
  async function judgeMilestones(caravan: Caravan, rules: AlertRule[], fixes: Report[]): Promise<void> {
    const context = contextOf(caravan);
    const tried = new Set<string>();
    const fixRules = rules.filter(isMilestoneRule);
    for (const report of fixes)
      for (const rule of fixRules) {
        const milestone = milestoneOf(rule, report, context);
        if (milestone) await raiseMilestone(caravan, rule, { report, milestone }, tried);
      }
    for (const rule of rules.filter(isTrackMilestoneRule))
      for (const met of await trackMilestonesOf(rule, store, caravan.id, fixes)) await raiseMilestone(caravan, rule, met, tried);
  }

  /** Episodes (off route, stopped), judged on each new fix that is the newest of the track, in track order. */
  async function judgeEpisodes(caravan: Caravan, rules: EpisodeRule[], fixes: Report[]): Promise<void> {
    if (rules.length === 0) return;
    const track = await episodeTrack(store, caravan.id, rules, fixTimeMs(fixes[0]!));
    const news = newsIndexes(track, fixes);
    if (news.length === 0) return;
    const open = await alertStore.openSilences(caravan.id);
    for (const rule of rules) {
      const openedBy = open[episodeKey(rule)];
      let opened = openedBy ? await alertStore.getAlert(caravan.id, openedBy) : null;
      if (openedBy && !opened) continue;
      for (const index of news) {
        const judged = judgeEpisode(rule, caravan, track, index, opened);
        if (!judged || judged.holds === (opened !== null)) continue;
        const alert: Alert = {
          id: newAlertId(now()),
          ruleId: rule.id,
          kind: rule.kind,
          event: opened ? 'resumed' : 'triggered',
          caravanId: caravan.id,
          at: new Date(now()).toISOString(),
          ...standingOn(caravan, track[index]!, judged),
          ...(opened ? { refersTo: opened.id } : {}),
        };
        // Of several instances judging the same fix, one opens (or closes) the episode.
        const won = opened
          ? (await alertStore.closeSilence(caravan.id, episodeKey(rule))) !== null
          : await alertStore.openSilence(caravan.id, episodeKey(rule), alert.id);
        if (!won) break;
        await raise(alert);
        opened = opened ? null : alert;
      }
    }
  }

  async function judgeFixes(caravan: Caravan, reports: Report[]): Promise<void> {
    const rules = (await rulesNow(caravan.id)).filter((rule) => rule.enabled);
    const fixes = reports.filter(isOnTrack).sort(byFixTime);
    if (rules.length === 0 || fixes.length === 0) return;
    await judgeMilestones(caravan, rules, fixes);
    await judgeEpisodes(caravan, rules.filter(isEpisodeRule), fixes);
  }

  /** Where a milestone `alert` may stand now that its fix left the track: another fix that meets its claim, or none. */
  async function stillMet(caravan: Caravan, rule: AlertRule, alert: Alert): Promise<MetOn | null> {
    if (isTrackMilestoneRule(rule)) return trackMilestoneAgain(rule, store, caravan.id, alert);
    if (!isMilestoneRule(rule)) return null;
    const context = contextOf(caravan);
    const track = await store.listTrack(caravan.id, Number.MAX_SAFE_INTEGER, TRACK_READ_LIMIT);
    for (const report of track) {
      const milestone = milestoneOf(rule, report, context);
      if (milestone && milestone.claim === alert.claim) return { report, milestone };
    }
    return null;
  }

  /** Sends the follow-up that takes `alert` back, and marks it withdrawn. */
  async function withdraw(caravan: Caravan, alert: Alert): Promise<void> {
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

  /** The milestone `alert` stands on left the track: move it to a fix that still meets it, or withdraw it. */
  async function milestoneAgain(caravan: Caravan, alert: Alert, rule: AlertRule | undefined): Promise<void> {
    const still = rule ? await stillMet(caravan, rule, alert) : null;
    if (still) return alertStore.saveAlert({ ...alert, ...standingOn(caravan, still.report, still.milestone) });
    // Only the holder of the claim withdraws, once; the milestone may then fire again on a later fix.
    if (!(await alertStore.release(caravan.id, alert.claim!, alert.id))) return;
    taken.forget(`${caravan.id}|${alert.claim}`);
    await withdraw(caravan, alert);
  }

  /**
   * The fix an open episode stands on left the track: judged afresh on the newest fix, it moves
   * there if the condition still holds, else is closed and withdrawn. An episode already ended is
   * history and stays as it was.
   */
  async function episodeAgain(caravan: Caravan, alert: Alert, rule: AlertRule | undefined): Promise<void> {
    if (!rule || !isEpisodeRule(rule)) return;
    const key = episodeKey(rule);
    if ((await alertStore.openSilences(caravan.id))[key] !== alert.id) return;
    const { latest } = await store.trackFacts(caravan.id);
    if (latest) {
      const track = await episodeTrack(store, caravan.id, [rule], fixTimeMs(latest));
      const judged = judgeEpisode(rule, caravan, track, track.length - 1, null);
      if (judged?.holds) return alertStore.saveAlert({ ...alert, ...standingOn(caravan, latest, judged) });
    }
    if ((await alertStore.closeSilence(caravan.id, key)) === alert.id) await withdraw(caravan, alert);
  }

  /** Alerts standing on fixes that left the track (silences only show a last position, and stay). */
  async function judgeLeftTrack(caravan: Caravan, left: Report[]): Promise<void> {
    if (left.length === 0) return;
    const ids = new Set(left.map((report) => report.id));
    const standing = (await alertStore.listAlerts(caravan.id, Number.MAX_SAFE_INTEGER)).filter(
      (alert) =>
        alert.event === 'triggered' &&
        !alert.withdrawn &&
        alert.reportId !== undefined &&
        ids.has(alert.reportId) &&
        (alert.claim !== undefined || isEpisodeKind(alert.kind)),
    );
    if (standing.length === 0) return;
    const caravanRules = await rulesNow(caravan.id);
    for (const alert of standing) {
      const rule = caravanRules.find((candidate) => candidate.id === alert.ruleId);
      await (alert.claim === undefined ? episodeAgain(caravan, alert, rule) : milestoneAgain(caravan, alert, rule));
    }
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
    /** Looks for caravans and phones gone silent; run on every instance, each silence raised by one. */
    sweepSilences: guarded('silences', async () => {
      const caravans = (await store.listCaravans()).filter((caravan) => caravan.status === 'active');
      // Read once per sweep, and only when a caravan has a rule about phones.
      let reporters: Promise<AccountRecord[]> | undefined;
      const reportersOnce = () => (reporters ??= accounts.list());
      for (const caravan of caravans) {
        const caravanRules = await rulesNow(caravan.id);
        for (const alert of await silenceAlerts({ alertStore, store, caravan, rules: caravanRules, now })) await raise(alert);
        const phoneAlerts = await phoneSilenceAlerts({
          alertStore,
          store,
          accounts: reportersOnce,
          caravan,
          rules: caravanRules,
          now,
        });
        for (const alert of phoneAlerts) await raise(alert);
      }
    }),
  };
}
export type AlertEngine = ReturnType<typeof createAlertEngine>;
