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

/** Consecutive fixes in the same cell are one point of the public track. */
function distinctCells(points: readonly PublicPoint[]): PublicPoint[] {
  return points.filter((point, i) => i === 0 || point.lng !== points[i - 1]!.lng || point.lat !== points[i - 1]!.lat);
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
  const released = reports
    .filter((report) => !report.hidden && report.flags.length === 0 && fixTime(report) <= until)
    .sort((a, b) => fixTime(a) - fixTime(b));
  const all = released.map((report) => publicPoint(report, caravan));
  const points = distinctCells(all);
  const { precisionKm } = caravan.public;
  // The newest released fix: its cell and its time (the track keeps each cell's first time).
  const latest = all.at(-1) ?? null;
  return {
    caravan: { id: caravan.id, name: caravan.name },
    delayMinutes: caravan.public.delayMinutes,
    precisionKm,
    releasedUntil: new Date(until).toISOString(),
    latest,
    metrics: publicMetrics(caravan, latest ? [...points.slice(0, -1), latest] : points),
    track: simplifiedTrack(points, precisionKm),
    notes: caravan.public.showNotes
      ? released
          .filter((report) => report.note)
          .slice(-NOTES_SHOWN)
          .map((report) => publicPoint(report, caravan))
      : [],
  };
}

/** Metrics of the snapped track, rounded to the grid: the public never gets more than the map shows. */
function publicMetrics(caravan: Caravan, points: readonly PublicPoint[]): PublicSnapshot['metrics'] {
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
  let traveledKm = 0;
  for (let i = 1; i < points.length; i++) traveledKm += legKm(points[i - 1]!, points[i]!);
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
