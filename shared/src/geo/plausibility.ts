import { CLOCK_SKEW_MS, type Flag } from '../constants';
import type { Report } from '../schemas/report';
import { geodesicDistanceKm } from './geodesic';
import { sphericalDistanceKm } from './sphere';
import { fixTimeMs } from '../track/order';

export interface PlausibilityLimits {
  /** Faster than this between consecutive fixes is not a caravan (vehicles exist: default 150). */
  maxSpeedKmh: number;
  /** A fix whose accuracy is worse than this is a cell-tower guess, not a GPS fix. */
  lowAccuracyM: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityLimits = { maxSpeedKmh: 150, lowAccuracyM: 500 };

/** Short gaps are measured as at least a minute: two fixes a second apart amplify GPS noise. */
const MIN_GAP_MS = 60_000;

type Fix = Pick<Report, 'lng' | 'lat' | 'recordedAt' | 'accuracyM'>;

/**
 * Speed between two fixes after allowing for their accuracy: the part of the move their error
 * circles cannot explain, over the time between them (at least a minute).
 * @example apparentSpeedKmh(a, b) // 0 when b is within a's accuracy
 */
export function apparentSpeedKmh(a: Fix, b: Fix): number {
  const errorKm = ((a.accuracyM ?? 0) + (b.accuracyM ?? 0)) / 1000;
  const movedKm = Math.max(0, geodesicDistanceKm([a.lng, a.lat], [b.lng, b.lat]) - errorKm);
  const gapMs = Math.max(MIN_GAP_MS, Math.abs(fixTimeMs(b) - fixTimeMs(a)));
  return movedKm / (gapMs / 3_600_000);
}

/**
 * How far the spherical distance may be from the ellipsoidal one, at most, with room to spare
 * (sphericalDistanceKm is within 0.5% of it everywhere).
 */
const SPHERE_SCREEN = 0.01;
/** Within a metre the two distances are rounding, not geometry: the ellipsoidal one decides. */
const SCREEN_FLOOR_KM = 0.001;

/**
 * Whether `apparentSpeedKmh(a, b) > maxSpeedKmh`, with the same answer, cheaper: the spherical
 * distance settles it unless it lies within SPHERE_SCREEN of the distance that speed covers, and
 * only then is the ellipsoidal one computed. Judging speed asks this of every pair of neighbours,
 * nearly all of them far below the limit.
 * @example isFasterThan(a, b, 150) === apparentSpeedKmh(a, b) > 150
 */
export function isFasterThan(a: Fix, b: Fix, maxSpeedKmh: number): boolean {
  const errorKm = ((a.accuracyM ?? 0) + (b.accuracyM ?? 0)) / 1000;
  const gapMs = Math.max(MIN_GAP_MS, Math.abs(fixTimeMs(b) - fixTimeMs(a)));
  const limitKm = errorKm + maxSpeedKmh * (gapMs / 3_600_000);
  if (limitKm > SCREEN_FLOOR_KM) {
    const sphereKm = sphericalDistanceKm([a.lng, a.lat], [b.lng, b.lat]);
    if (sphereKm * (1 + SPHERE_SCREEN) < limitKm) return false;
    if (sphereKm * (1 - SPHERE_SCREEN) > limitKm) return true;
  }
  return apparentSpeedKmh(a, b) > maxSpeedKmh;
}

/**
 * The flags a fix earns on its own (flag, never drop): `low_accuracy`, `clock_skew` (fix time more
 * than 5 minutes ahead of its arrival) and, when `behindAfterMs` is given, `clock_behind` (fix time
 * more than that behind its arrival; a notice, see NOTICE_FLAGS). The caravan's creation time is no
 * bound: backfilled fixes are normal. `implausible_speed` is judged among its neighbours on the
 * track, by the store (`isSpeedOutlier` in @rumbo/shared/track), and changes as neighbours come and go.
 * @example plausibilityFlags(fix, new Date(), DEFAULT_PLAUSIBILITY) // []
 */
export function plausibilityFlags(
  fix: Fix,
  receivedAt: Date,
  limits: Pick<PlausibilityLimits, 'lowAccuracyM'>,
  behindAfterMs?: number,
): Flag[] {
  const flags: Flag[] = [];
  if (fix.accuracyM !== undefined && fix.accuracyM > limits.lowAccuracyM) flags.push('low_accuracy');
  const aheadMs = fixTimeMs(fix) - receivedAt.getTime();
  if (aheadMs > CLOCK_SKEW_MS) flags.push('clock_skew');
  if (behindAfterMs !== undefined && -aheadMs > Math.max(CLOCK_SKEW_MS, behindAfterMs)) flags.push('clock_behind');
  return flags;
}
