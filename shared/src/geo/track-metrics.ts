import type { CaravanMetrics } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import type { Report } from '../schemas/report';
import { distanceToBorderKm } from './distance-to-border';
import { geodesicDistanceKm } from './geodesic';

/** The part of a report that track metrics read. */
export type TrackPoint = Pick<Report, 'lng' | 'lat' | 'recordedAt' | 'accuracyM' | 'metrics'>;

/** Moves smaller than this (or than the fixes' own accuracy) are GPS jitter, not travel. */
const JITTER_FLOOR_M = 25;
/** Speed needs at least this much time between the window's ends to mean anything. */
const MIN_SPEED_WINDOW_MS = 60 * 60_000;
/** A caravan closing on the border slower than this is not moving north: no ETA. */
const MIN_CLOSING_KM_PER_DAY = 0.5;
const DAY_MS = 86_400_000;

export const SPEED_WINDOW_MS = DAY_MS;

/**
 * The distance one leg of the track adds to `traveledKm`: the ellipsoidal distance between two
 * consecutive fixes, or 0 when the move is within their accuracy (a caravan at rest jitters).
 * @example legKm({ lng: 0, lat: 0, accuracyM: 10 }, { lng: 0, lat: 0.0001 }) // 0 (11 m)
 */
export function legKm(
  from: Pick<TrackPoint, 'lng' | 'lat' | 'accuracyM'>,
  to: Pick<TrackPoint, 'lng' | 'lat' | 'accuracyM'>,
): number {
  const distanceKm = geodesicDistanceKm([from.lng, from.lat], [to.lng, to.lat]);
  const jitterM = Math.max(JITTER_FLOOR_M, from.accuracyM ?? 0, to.accuracyM ?? 0);
  return distanceKm * 1000 <= jitterM ? 0 : distanceKm;
}

export interface CaravanMetricsInput {
  origin: LngLat;
  /** Newest visible, unflagged fix. */
  latest: TrackPoint | null;
  /** The fix that opens the trailing speed window (the newest at or before latest − 24 h, else the oldest). */
  windowStart: TrackPoint | null;
  traveledKm: number;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * A caravan's headline numbers from a few stored facts, in constant time: distance and nearest
 * crossing from the latest fix, pace and ETA over the trailing window, progress from the origin.
 * @example caravanMetrics({ origin, latest: null, windowStart: null, traveledKm: 0 }).distanceToBorderKm // null
 */
export function caravanMetrics({ origin, latest, windowStart, traveledKm }: CaravanMetricsInput): CaravanMetrics {
  if (!latest) {
    return {
      distanceToBorderKm: null,
      nearestCrossing: null,
      traveledKm: 0,
      progressPct: null,
      speedKmPerDay: null,
      etaDays: null,
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
    lastReportAt: latest.recordedAt,
  };
}
