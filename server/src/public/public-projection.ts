import type { Caravan, LngLat, PublicPoint, PublicSnapshot, Report } from '@rumbo/shared';
import { caravanMetrics, legKm, reportMetrics, SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import { simplify } from '@turf/turf';
import { compareTrackOrder, fixTimeMs, isOnTrack, lastFixedBy } from '@rumbo/shared/track';
import { snapToGrid } from './snap-to-grid';

/** Releases move forward a minute at a time: the same snapshot (and ETag) for a whole minute. */
export const RELEASE_STEP_MS = 60_000;
const NOTES_SHOWN = 20;

/** The moment up to which fixes are public: now − delay, rounded down to the minute. */
export function releasedUntil(caravan: Caravan, now: number): number {
  return Math.floor((now - caravan.public.delayMinutes * 60_000) / RELEASE_STEP_MS) * RELEASE_STEP_MS;
}

const roundTo = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(3));

/** Whether a stored report's fix time is inside the released past (`until`, from releasedUntil). */
export const isReleased = (report: Pick<Report, 'recordedAt'>, until: number) => fixTimeMs(report) <= until;

/** A released fix as the public sees it: a grid cell and a time, nothing that names anyone. */
function publicPoint(report: Report, caravan: Caravan): PublicPoint {
  const [lng, lat] = snapToGrid([report.lng, report.lat], caravan.public.precisionKm);
  return {
    lng,
    lat,
    recordedAt: report.recordedAt,
    ...(report.headcount === undefined ? {} : { headcount: report.headcount }),
    ...(caravan.public.showNotes && report.note ? { note: report.note } : {}),
  };
}

/**
 * The released fixes as the public sees them, in fix-time order: consecutive fixes in the same
 * cell are one point (keeping the cell's first time), with the running length of that line, the
 * newest fix and the newest notes. What one release step continues from: releases only move
 * forward, so the next step adds the fixes released since instead of projecting everything again.
 */
export interface ReleasedTrack {
  /** Distinct consecutive cells, each with its first fix's time. */
  readonly points: readonly PublicPoint[];
  /** legKm summed along `points`, in order (the same sum, to the bit, as adding them up at once). */
  readonly traveledKm: number;
  /** The newest released fix: its cell and its time. */
  readonly latest: PublicPoint | null;
  /** The newest NOTES_SHOWN fixes with a note (only when the caravan shows notes). */
  readonly notes: readonly PublicPoint[];
}

export const NOTHING_RELEASED: ReleasedTrack = Object.freeze({ points: [], traveledKm: 0, latest: null, notes: [] });

/** Everything of a caravan the projection depends on besides its reports and the time, as one comparable string. */
export const projectionSettings = (caravan: Caravan) => JSON.stringify([caravan.name, caravan.origin, caravan.public]);

/**
 * The public projection, first half: `released` continued with the fixes of `reports` that are
 * public at `until`: on the track (visible, unflagged) and fixed at or before `until`, snapped to
 * the grid. `reports` come in track order, none before what `released` holds. Pure: `released`
 * is left as it was.
 */
export function releaseFixes(
  caravan: Caravan,
  released: ReleasedTrack,
  reports: readonly Report[],
  until: number,
): ReleasedTrack {
  const points = [...released.points];
  const notes = [...released.notes];
  let { traveledKm, latest } = released;
  for (const report of reports) {
    if (!isOnTrack(report) || !isReleased(report, until)) continue;
    const point = publicPoint(report, caravan);
    const last = points.at(-1);
    if (!last || last.lng !== point.lng || last.lat !== point.lat) {
      if (last) traveledKm += legKm(last, point);
      points.push(point);
    }
    latest = point;
    if (point.note) {
      notes.push(point);
      if (notes.length > NOTES_SHOWN) notes.shift();
    }
  }
  return { points, traveledKm, latest, notes };
}

/**
 * The public projection, second half: the snapshot of a released track, with the metrics computed
 * from the snapped points and rounded to the grid, so nothing exact leaks through them. Pure.
 */
export function publicSnapshot(caravan: Caravan, released: ReleasedTrack, until: number): PublicSnapshot {
  const { points, latest } = released;
  const { precisionKm } = caravan.public;
  return {
    caravan: { id: caravan.id, name: caravan.name },
    delayMinutes: caravan.public.delayMinutes,
    precisionKm,
    releasedUntil: new Date(until).toISOString(),
    latest,
    // The newest fix stands for its cell: same place as the cell's point, later time.
    metrics: publicMetrics(caravan, latest ? [...points.slice(0, -1), latest] : points, released.traveledKm),
    track: simplifiedTrack(points, precisionKm),
    notes: [...released.notes],
  };
}

/**
 * THE public projection (ARCHITECTURE.md, "the safety rule"), whole: what the public may see of a
 * caravan's stored reports at `now`. Only visible, unflagged fixes at least `delayMinutes` old,
 * snapped to a `precisionKm` grid, without any field that could identify a reporter or a device;
 * notes only when the caravan allows. Every public answer (REST, the `/public` socket, the embed)
 * is exactly this; public-views.ts computes it in release steps, through its two halves above,
 * and caches it, and a test holds every public surface to this function.
 */
export function publicProjection(caravan: Caravan, reports: readonly Report[], now: number): PublicSnapshot {
  const until = releasedUntil(caravan, now);
  return publicSnapshot(caravan, releaseFixes(caravan, NOTHING_RELEASED, [...reports].sort(compareTrackOrder), until), until);
}

/** Metrics of the snapped track, rounded to the grid: the public never gets more than the map shows. */
function publicMetrics(caravan: Caravan, points: readonly PublicPoint[], traveledKm: number): PublicSnapshot['metrics'] {
  const latest = points.at(-1);
  if (!latest)
    return {
      distanceToBorderKm: null,
      nearestCrossing: null,
      traveledKm: 0,
      progressPct: null,
      speedKmPerDay: null,
      etaDays: null,
    };
  const windowStart = lastFixedBy(points, fixTimeMs(latest) - SPEED_WINDOW_MS) ?? points[0]!;
  const withMetrics = (point: PublicPoint) => ({ ...point, metrics: reportMetrics([point.lng, point.lat]) });
  const metrics = caravanMetrics({
    origin: [caravan.origin.lng, caravan.origin.lat],
    latest: withMetrics(latest),
    windowStart: withMetrics(windowStart),
    traveledKm,
  });
  const { precisionKm } = caravan.public;
  return {
    distanceToBorderKm: metrics.distanceToBorderKm === null ? null : roundTo(metrics.distanceToBorderKm, precisionKm),
    nearestCrossing: metrics.nearestCrossing && {
      name: metrics.nearestCrossing.name,
      distanceKm: roundTo(metrics.nearestCrossing.distanceKm, precisionKm),
    },
    traveledKm: roundTo(metrics.traveledKm, precisionKm),
    progressPct: metrics.progressPct === null ? null : Math.round(metrics.progressPct),
    speedKmPerDay: metrics.speedKmPerDay === null ? null : Math.round(metrics.speedKmPerDay),
    etaDays: metrics.etaDays === null ? null : Math.round(metrics.etaDays),
  };
}

/** The track line, simplified at the grid's scale (its vertices stay grid cells). */
function simplifiedTrack(points: readonly PublicPoint[], precisionKm: number): LngLat[] {
  const coordinates = points.map((point): LngLat => [point.lng, point.lat]);
  if (coordinates.length < 3) return coordinates;
  const line = simplify({ type: 'LineString', coordinates }, { tolerance: precisionKm / 111.32 / 2, highQuality: false });
  return line.coordinates as LngLat[];
}
