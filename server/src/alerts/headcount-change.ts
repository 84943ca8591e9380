import type { AlertRule, Report } from '@rumbo/shared';
import { compareTrackOrder, fixTimeMs } from '@rumbo/shared/track';
import type { Milestone } from './milestones';
import { trackBetween, type TrackReads } from './track-reader';

export type HeadcountRule = Extract<AlertRule, { kind: 'headcount_change_pct' }>;

const DAY_MS = 86_400_000;
/** How far back of a count the previous one is looked for when the batch's read does not hold it. */
const LOOKBACK_MS = 30 * DAY_MS;

/** A fix that gives a headcount. */
export type Counted = Report & { headcount: number };
const isCounted = (report: Report): report is Counted => report.headcount !== undefined;

/** The counts of the track around a batch: from a day before its oldest fix to the end, read once. */
export async function countsAround(store: TrackReads, caravanId: string, fixes: readonly Report[]): Promise<Counted[]> {
  const oldestMs = Math.min(...fixes.map(fixTimeMs));
  return (await trackBetween(store, caravanId, oldestMs - DAY_MS, Number.MAX_SAFE_INTEGER)).filter(isCounted);
}

/** The count given on the track just before `report`: in `counts`, else up to a month back. */
async function previousCount(store: TrackReads, counts: readonly Counted[], report: Report): Promise<Counted | null> {
  const before = (candidates: readonly Counted[]) => candidates.filter((other) => compareTrackOrder(other, report) < 0).at(-1);
  const near = before(counts);
  if (near) return near;
  const older = await trackBetween(store, report.caravanId, fixTimeMs(report) - LOOKBACK_MS, fixTimeMs(report));
  return before(older.filter(isCounted)) ?? null;
}

/**
 * Whether a count fixed after `report` reached the server before it: then `report` is a late
 * count, history rather than news, and the change to the newer count was judged when it came.
 */
const overtaken = (counts: readonly Counted[], report: Report) =>
  counts.some((other) => compareTrackOrder(other, report) > 0 && Date.parse(other.receivedAt) < Date.parse(report.receivedAt));

const percent = (value: number) => Math.round(value * 10) / 10;

/**
 * Whether a fix's headcount differs from the previous count on the track by more than the rule's
 * percentage (a split, a dispersal, or people joining). `counts`: the counts around the batch
 * (countsAround). Claimed per count (`rule|report id`). A previous count of 0 gives no
 * percentage and is passed over.
 */
export async function headcountChange(
  rule: HeadcountRule,
  store: TrackReads,
  counts: readonly Counted[],
  report: Report,
): Promise<Milestone | null> {
  if (!isCounted(report) || overtaken(counts, report)) return null;
  const previous = await previousCount(store, counts, report);
  if (!previous || previous.headcount === 0) return null;
  const changePct = ((report.headcount - previous.headcount) / previous.headcount) * 100;
  if (Math.abs(changePct) <= rule.pct) return null;
  const signed = `${changePct > 0 ? '+' : '−'}${percent(Math.abs(changePct))}%`;
  return {
    claim: `${rule.id}|${report.id}`,
    figures: {
      headcount: report.headcount,
      previousHeadcount: previous.headcount,
      changePct: percent(changePct),
      thresholdPct: rule.pct,
      previousReportId: previous.id,
    },
    summary:
      `headcount ${changePct > 0 ? 'rose' : 'fell'} from ${previous.headcount} to ${report.headcount} ` +
      `(${signed}; rule: more than ${rule.pct}%)`,
  };
}
