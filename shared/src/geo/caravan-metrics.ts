import type { CaravanMetrics, RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import type { Report } from '../schemas/report';
import { distanceToBorderKm } from './distance-to-border';
import { geodesicDistanceKm } from './geodesic';
import { routeRemainingKm } from './route-remaining';
import { roundDecimal } from './round';

/** The part of a report that track metrics read. */
export type TrackPoint = Pick<Report, 'lng' | 'lat' | 'recordedAt' | 'accuracyM' | 'metrics'>;

const DAY_MS = 86_400_000;
/** Pace is measured over the trailing day. */
export const SPEED_WINDOW_MS = DAY_MS;
/** Speed needs at least this much time between the window's ends to mean anything. */
const MIN_SPEED_WINDOW_MS = 60 * 60_000;
/** A caravan closing on the border slower than this is not moving north: no ETA. */
const MIN_CLOSING_KM_PER_DAY = 0.5;

export interface CaravanMetricsInput {
  origin: LngLat;
  route?: RouteLine;
  /** Newest visible, unflagged fix. */
  latest: TrackPoint | null;
  /** The fix that opens the speed window: the newest at or before latest − 24 h, else the oldest. */
  windowStart: TrackPoint | null;
  traveledKm: number;
}

/** What is left to walk from a fix: along the planned route when there is one, else the straight line to the border. */
function remainingKm(point: TrackPoint, route: RouteLine | undefined): number {
  return route ? routeRemainingKm(route, [point.lng, point.lat]) : point.metrics.distanceToBorderKm;
}

/**
 * Days until the distance left is gone, at the rate it shrank over the speed window: the
 * distance along the planned route when there is one (what the caravan must still walk), else
 * the straight line to the border. None once the latest fix is on the US side, and none when the
 * distance left shrinks by less than MIN_CLOSING_KM_PER_DAY (resting, heading south, or off
 * the route's way). Constant time: the route's prepared index answers both ends of the window.
 * @example etaDays({ latest, windowStart, days: 1 }) // 25: the border 1,000 km away, 1,040 km a day earlier
 */
export function etaDays({
  latest,
  windowStart,
  days,
  route,
  latestRemainingKm = remainingKm(latest, route),
}: {
  latest: TrackPoint;
  windowStart: TrackPoint;
  /** Time between the window's ends. */
  days: number;
  route?: RouteLine;
  /** What is left from the latest fix, when the caller has it already. */
  latestRemainingKm?: number;
}): number | null {
  if (latest.metrics.side === 'US') return null;
  const closingKmPerDay = (remainingKm(windowStart, route) - latestRemainingKm) / days;
  return closingKmPerDay >= MIN_CLOSING_KM_PER_DAY ? roundDecimal(latestRemainingKm / closingKmPerDay, 1) : null;
}

/**
 * A caravan's headline numbers from a few stored facts, in constant time: distance and nearest
 * crossing from the latest fix; pace (net km per day) over the trailing day, and ETA at the rate
 * the distance left (along the route, else in a straight line) shrank over that day; progress
 * from the origin; what is left of the route.
 * @example caravanMetrics({ origin: [-92.26, 14.91], latest: null, windowStart: null, traveledKm: 0 }).etaDays // null
 */
export function caravanMetrics({ origin, route, latest, windowStart, traveledKm }: CaravanMetricsInput): CaravanMetrics {
  if (!latest) {
    return {
      distanceToBorderKm: null,
      nearestCrossing: null,
      traveledKm: 0,
      progressPct: null,
      speedKmPerDay: null,
      etaDays: null,
      routeRemainingKm: null,
      lastReportAt: null,
    };
  }
  const distanceKm = latest.metrics.distanceToBorderKm;
  const originKm = distanceToBorderKm(origin).distanceKm;
  const progressPct = originKm > 0 ? Math.min(100, Math.max(0, ((originKm - distanceKm) / originKm) * 100)) : null;
  const latestRemainingKm = remainingKm(latest, route);
  let speedKmPerDay: number | null = null;
  let eta: number | null = null;
  const elapsedMs = windowStart ? Date.parse(latest.recordedAt) - Date.parse(windowStart.recordedAt) : 0;
  if (windowStart && elapsedMs >= MIN_SPEED_WINDOW_MS) {
    const days = elapsedMs / DAY_MS;
    speedKmPerDay = geodesicDistanceKm([windowStart.lng, windowStart.lat], [latest.lng, latest.lat]) / days;
    eta = etaDays({ latest, windowStart, days, route, latestRemainingKm });
  }
  return {
    distanceToBorderKm: distanceKm,
    nearestCrossing: latest.metrics.nearestCrossing,
    traveledKm: roundDecimal(Math.max(0, traveledKm), 3),
    progressPct: progressPct === null ? null : roundDecimal(progressPct, 2),
    speedKmPerDay: speedKmPerDay === null ? null : roundDecimal(speedKmPerDay, 2),
    etaDays: eta,
    routeRemainingKm: route ? roundDecimal(latestRemainingKm, 3) : null,
    lastReportAt: latest.recordedAt,
  };
}
