import type { CaravanMetrics, RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import { compareTrackOrder, fixTimeMs, type TrackOrdered } from '../track/order';
import { caravanMetrics, SPEED_WINDOW_MS, type TrackPoint } from './caravan-metrics';
import { chainLengthKm } from './leg';

/**
 * Track metrics from a whole track at once, in any arrival order: the reference that the
 * stores' incremental bookkeeping (one leg at a time) must agree with, so it walks the track in
 * the stores' order, fixes of one time included. O(n log n).
 * @example summarizeTrack([-92.26, 14.91], []).traveledKm // 0
 */
export function summarizeTrack(origin: LngLat, track: readonly (TrackPoint & TrackOrdered)[], route?: RouteLine): CaravanMetrics {
  const sorted = [...track].sort(compareTrackOrder);
  const traveledKm = chainLengthKm(sorted);
  const latest = sorted.at(-1) ?? null;
  let windowStart = sorted[0] ?? null;
  if (latest) {
    for (const point of sorted) if (fixTimeMs(point) <= fixTimeMs(latest) - SPEED_WINDOW_MS) windowStart = point;
  }
  return caravanMetrics({ origin, route, latest, windowStart, traveledKm });
}
