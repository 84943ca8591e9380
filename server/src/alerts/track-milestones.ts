import type { Alert, AlertRule, Report } from '@rumbo/shared';
import { dayKmMet, daysOf } from './day-km';
import { countsAround, headcountChange } from './headcount-change';
import type { Milestone } from './milestones';
import type { TrackReads } from './track-reader';

/** Milestones judged on the track around a fix, not on the fix alone: a day's distance, a change of headcount. */
export type TrackMilestoneRule = Extract<AlertRule, { kind: 'day_km' | 'headcount_change_pct' }>;
export const isTrackMilestoneRule = (rule: AlertRule): rule is TrackMilestoneRule =>
  rule.kind === 'day_km' || rule.kind === 'headcount_change_pct';

/** A milestone and the fix it stands on. */
export interface MetOn {
  report: Report;
  milestone: Milestone;
}

/**
 * The milestones a rule meets now that `fixes` (on the track, in track order) joined it: each day
 * they fall on is measured again; each count they give is compared with the one before.
 */
export async function trackMilestonesOf(
  rule: TrackMilestoneRule,
  store: TrackReads,
  caravanId: string,
  fixes: readonly Report[],
): Promise<MetOn[]> {
  const met: MetOn[] = [];
  if (rule.kind === 'day_km') {
    for (const day of daysOf(fixes)) {
      const reached = await dayKmMet(rule, store, caravanId, day);
      if (reached) met.push(reached);
    }
    return met;
  }
  const counted = fixes.filter((report) => report.headcount !== undefined);
  if (counted.length === 0) return met;
  const counts = await countsAround(store, caravanId, counted);
  for (const report of counted) {
    const milestone = await headcountChange(rule, store, counts, report);
    if (milestone) met.push({ report, milestone });
  }
  return met;
}

/**
 * Where the milestone `alert` stands now that its fix left the track: the day's distance measured
 * again (it may be reached on a later fix, or no more); a change of count stood on its own fix, so
 * it is gone with it.
 */
export async function trackMilestoneAgain(
  rule: TrackMilestoneRule,
  store: TrackReads,
  caravanId: string,
  alert: Alert,
): Promise<MetOn | null> {
  if (rule.kind !== 'day_km' || typeof alert.figures.day !== 'string') return null;
  return dayKmMet(rule, store, caravanId, alert.figures.day);
}
