import { isFasterThan } from '../geo/plausibility';
import type { Report } from '../schemas/report';
import { isDoubting } from './on-track';

/** How many candidates on each side of a fix it is judged against. */
export const OUTLIER_NEIGHBOURS = 4;

/** What judging a fix's speed reads of it. */
export type SpeedJudged = Pick<Report, 'lng' | 'lat' | 'recordedAt' | 'accuracyM'>;

/**
 * Whether a report takes part in speed judging: visible and not doubted for anything but its speed
 * (`low_accuracy`, `clock_skew`). The track is the candidates that are not speed outliers.
 * @example isSpeedCandidate({ hidden: false, flags: ['implausible_speed'] }) // true
 * @example isSpeedCandidate({ hidden: false, flags: ['low_accuracy'] }) // false
 */
export const isSpeedCandidate = (report: Pick<Report, 'hidden' | 'flags'>): boolean =>
  !report.hidden && !report.flags.some((flag) => flag !== 'implausible_speed' && isDoubting(flag));

/**
 * Candidates a change can reach, on each side: a fix is judged against 2 × OUTLIER_NEIGHBOURS others,
 * so a change moves the verdicts of fixes up to that far away, and judging those reads as far again.
 * How far around a change a store reads to judge again (rejudgeWindow).
 */
export const REJUDGE_MARGIN = 4 * OUTLIER_NEIGHBOURS;

/**
 * Whether the candidate at `index` is a speed outlier: a fix that no plausible speed joins to most
 * of its neighbours, the 2 × OUTLIER_NEIGHBOURS candidates around it in track order (as many on
 * each side, shifted at the ends of the track so an end fix has as many). A strict majority is
 * needed, so a real fix beside a stray one is never blamed for it; with one neighbour only, two
 * fixes that cannot both be right are both doubted until a third tells which. Judging reads the
 * candidates only, never earlier verdicts: the verdict is a function of the set of fixes, whatever
 * order they arrived in, so one stray fix is flagged and nothing after it.
 * @example isSpeedOutlier([tapachula1, mexicoCity, tapachula2], 1, 150) // true
 * @example isSpeedOutlier([tapachula1, mexicoCity, tapachula2], 0, 150) // false
 */
export function isSpeedOutlier(candidates: readonly SpeedJudged[], index: number, maxSpeedKmh: number): boolean {
  const fix = candidates[index]!;
  const first = Math.max(0, Math.min(index - OUTLIER_NEIGHBOURS, candidates.length - 1 - 2 * OUTLIER_NEIGHBOURS));
  const last = Math.min(candidates.length - 1, first + 2 * OUTLIER_NEIGHBOURS);
  let neighbours = 0;
  let implausible = 0;
  for (let at = first; at <= last; at++) {
    if (at === index) continue;
    neighbours++;
    if (isFasterThan(candidates[at]!, fix, maxSpeedKmh)) implausible++;
  }
  return implausible * 2 > neighbours;
}
