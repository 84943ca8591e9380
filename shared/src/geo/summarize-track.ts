import type { CaravanMetrics, RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import { caravanMetrics, SPEED_WINDOW_MS, type TrackPoint } from './caravan-metrics';
import { legKm } from './leg';

const fixTime = (point: TrackPoint) => Date.parse(point.recordedAt);

/**
 * Track metrics from a whole track at once, in any arrival order: the reference that the
 * stores' incremental bookkeeping (one leg at a time) must agree with. O(n log n).
 * @example summarizeTrack([-92.26, 14.91], []).traveledKm // 0
 */
export function summarizeTrack(origin: LngLat, track: readonly TrackPoint[], route?: RouteLine): CaravanMetrics {
  const sorted = [...track].sort((a, b) => fixTime(a) - fixTime(b));
  let traveledKm = 0;
  for (let i = 1; i < sorted.length; i++) traveledKm += legKm(sorted[i - 1]!, sorted[i]!);
  const latest = sorted.at(-1) ?? null;
  let windowStart = sorted[0] ?? null;
  if (latest) {
    for (const point of sorted) if (fixTime(point) <= fixTime(latest) - SPEED_WINDOW_MS) windowStart = point;
  }
  return caravanMetrics({ origin, route, latest, windowStart, traveledKm });
}
