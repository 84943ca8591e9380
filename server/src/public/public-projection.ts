import type { Caravan, LngLat, PublicPoint, PublicSnapshot, Report } from '@rumbo/shared';
import { caravanMetrics, legKm, reportMetrics, SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import { simplify } from '@turf/turf';
import { snapToGrid } from './snap-to-grid';

/** Releases move forward a minute at a time: the same snapshot (and ETag) for a whole minute. */
export const RELEASE_STEP_MS = 60_000;
const NOTES_SHOWN = 20;

/** The moment up to which fixes are public: now − delay, rounded down to the minute. */
export function releasedUntil(caravan: Caravan, now: number): number {
  return Math.floor((now - caravan.public.delayMinutes * 60_000) / RELEASE_STEP_MS) * RELEASE_STEP_MS;
}

const roundTo = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(3));
const fixTime = (report: Report) => Date.parse(report.recordedAt);

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
 * The released fixes as the public sees them, built up in fix-time order: consecutive fixes in
 * the same cell are one point (keeping the cell's first time), with the running length of that
 * line, the newest fix and the newest notes. Releases only move forward, so a snapshot a minute
 * later extends this instead of projecting the whole track again.
 */
export interface ReleasedTrack {
  /** Distinct consecutive cells, each with its first fix's time. */
  readonly points: PublicPoint[];
  /** legKm summed along `points`, in order (the same sum, to the bit, as adding them up at once). */
  traveledKm: number;
  /** The newest released fix: its cell and its time. */
  latest: PublicPoint | null;
  /** The newest NOTES_SHOWN fixes with a note (only when the caravan shows notes). */
  readonly notes: PublicPoint[];
}

export const emptyReleasedTrack = (): ReleasedTrack => ({ points: [], traveledKm: 0, latest: null, notes: [] });

/** A copy that can be extended while the original goes on serving. */
export const copyReleasedTrack = (track: ReleasedTrack): ReleasedTrack => ({
  ...track,
  points: [...track.points],
  notes: [...track.notes],
});

/**
 * Adds to `track` the fixes of `reports` that are public at `until`: visible, unflagged, fixed
 * at or before `until`. `reports` come in fix-time order, none older than what `track` holds.
 */
export function extendReleasedTrack(track: ReleasedTrack, caravan: Caravan, reports: readonly Report[], until: number): void {
  for (const report of reports) {
    if (report.hidden || report.flags.length > 0 || fixTime(report) > until) continue;
    const point = publicPoint(report, caravan);
    const last = track.points.at(-1);
    if (!last || last.lng !== point.lng || last.lat !== point.lat) {
      if (last) track.traveledKm += legKm(last, point);
      track.points.push(point);
    }
    track.latest = point;
    if (point.note) {
      track.notes.push(point);
      if (track.notes.length > NOTES_SHOWN) track.notes.shift();
    }
  }
}

/**
 * THE public projection: the only way caravan data reaches public clients (REST, the `/public`
 * socket, the embed). From the stored reports it keeps only visible, unflagged fixes at least
 * `delayMinutes` old, snaps them to a `precisionKm` grid, drops every field that could identify
 * a reporter or a device, shows notes only when the caravan allows, and computes the metrics from
 * the snapped points (distances rounded to the precision), so nothing exact leaks through them.
 */
export function publicProjection(caravan: Caravan, reports: readonly Report[], now: number): PublicSnapshot {
  const until = releasedUntil(caravan, now);
  const released = [...reports].sort((a, b) => fixTime(a) - fixTime(b));
  const track = emptyReleasedTrack();
  extendReleasedTrack(track, caravan, released, until);
  return releasedSnapshot(caravan, track, until);
}

/** The snapshot of a released track (see publicProjection, which it completes). */
export function releasedSnapshot(caravan: Caravan, track: ReleasedTrack, until: number): PublicSnapshot {
  const { points, latest } = track;
  const { precisionKm } = caravan.public;
  return {
    caravan: { id: caravan.id, name: caravan.name },
    delayMinutes: caravan.public.delayMinutes,
    precisionKm,
    releasedUntil: new Date(until).toISOString(),
    latest,
    // The newest fix stands for its cell: same place as the cell's point, later time.
    metrics: publicMetrics(caravan, latest ? [...points.slice(0, -1), latest] : points, track.traveledKm),
    track: simplifiedTrack(points, precisionKm),
    notes: [...track.notes],
  };
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
  const windowEnd = Date.parse(latest.recordedAt) - SPEED_WINDOW_MS;
  const windowStart = [...points].reverse().find((point) => Date.parse(point.recordedAt) <= windowEnd) ?? points[0]!;
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
