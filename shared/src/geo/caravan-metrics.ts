import type { CaravanMetrics, RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import type { Report } from '../schemas/report';
import { distanceToBorderKm } from './distance-to-border';
import { geodesicDistanceKm } from './geodesic';
import { routeRemainingKm } from './route-remaining';

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

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * A caravan's headline numbers from a few stored facts, in constant time: distance and nearest
 * crossing from the latest fix; pace (net km per day) and ETA (at the rate the distance to the
 * border shrinks) over the trailing day; progress from the origin; what is left of the route.
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
  let speedKmPerDay: number | null = null;
  let etaDays: number | null = null;
  const elapsedMs = windowStart ? Date.parse(latest.recordedAt) - Date.parse(windowStart.recordedAt) : 0;
  if (windowStart && elapsedMs >= MIN_SPEED_WINDOW_MS) {
    const days = elapsedMs / DAY_MS;
    speedKmPerDay = geodesicDistanceKm([windowStart.lng, windowStart.lat], [latest.lng, latest.lat]) / days;
    const closingKmPerDay = (windowStart.metrics.distanceToBorderKm - distanceKm) / days;
    if (closingKmPerDay >= MIN_CLOSING_KM_PER_DAY) etaDays = round(distanceKm / closingKmPerDay, 1);
  }
  return {
    distanceToBorderKm: distanceKm,
    nearestCrossing: latest.metrics.nearestCrossing,
    traveledKm: round(Math.max(0, traveledKm), 3),
    progressPct: progressPct === null ? null : round(progressPct, 2),
    speedKmPerDay: speedKmPerDay === null ? null : round(speedKmPerDay, 2),
    etaDays,
    routeRemainingKm: route ? round(routeRemainingKm(route, [latest.lng, latest.lat]), 3) : null,
    lastReportAt: latest.recordedAt,
  };
}
