import type { AlertRule, Report } from '@rumbo/shared';
import { compareTrackOrder, fixTimeMs } from '@rumbo/shared/track';
import type { Milestone } from './milestones';
import { trackBetween, type TrackReads } from './track-reader';

export type HeadcountRule = Extract<AlertRule, { kind: 'headcount_change_pct' }>;

const DAY_MS = 86_400_000;
/** How far back the previous count is looked for: a day first (the usual case), then a month. */
const LOOKBACK_MS = [DAY_MS, 30 * DAY_MS] as const;

type Counted = Report & { headcount: number };
const isCounted = (report: Report): report is Counted => report.headcount !== undefined;

/** The count given on the track just before `report` (within a month), or null. */
async function previousCount(store: TrackReads, report: Report): Promise<Counted | null> {
  for (const lookbackMs of LOOKBACK_MS) {
    const before = (await trackBetween(store, report.caravanId, fixTimeMs(report) - lookbackMs, fixTimeMs(report)))
      .filter(isCounted)
      .filter((other) => compareTrackOrder(other, report) < 0)
      .at(-1);
    if (before) return before;
  }
  return null;
}

/**
 * Whether a count fixed after `report` reached the server before it: then `report` is a late
 * count, history rather than news, and the change to the newer count was judged when it came.
 */
async function overtaken(store: TrackReads, report: Report): Promise<boolean> {
  const arrivedMs = Date.parse(report.receivedAt);
  return (await trackBetween(store, report.caravanId, fixTimeMs(report), Number.MAX_SAFE_INTEGER)).some(
    (other) => isCounted(other) && compareTrackOrder(other, report) > 0 && Date.parse(other.receivedAt) < arrivedMs,
  );
}

const percent = (value: number) => Math.round(value * 10) / 10;

/**
 * Whether a fix's headcount differs from the previous count on the track by more than the rule's
 * percentage (a split, a dispersal, or people joining). Claimed per count (`rule|report id`).
 * A previous count of 0 gives no percentage and is passed over.
 */
export async function headcountChange(rule: HeadcountRule, store: TrackReads, report: Report): Promise<Milestone | null> {
  if (!isCounted(report)) return null;
  const previous = await previousCount(store, report);
  if (!previous || previous.headcount === 0) return null;
  const changePct = ((report.headcount - previous.headcount) / previous.headcount) * 100;
  if (Math.abs(changePct) <= rule.pct || (await overtaken(store, report))) return null;
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
