import { along, length, lineString } from '@turf/turf';
import demoRoute from '@rumbo/shared/data/demo-route.json' with { type: 'json' };
import type { LngLat, ReportInput, RouteLine } from '@rumbo/shared';

/**
 * The demo caravan's itinerary: the caravan that left Tapachula on 24 December 2023, along the
 * coastal highway through Chiapas, then on through Oaxaca and central Mexico to Nuevo Laredo.
 * Town centres from shared/data/demo-route.json; a simulation aid, not a record of the real path.
 */
const route = lineString(demoRoute.waypoints.map((waypoint) => [waypoint.lng, waypoint.lat]));
export const DEMO_ROUTE_KM = length(route, { units: 'kilometers' });
/** The itinerary as the demo caravan's planned route: the panel measures what is left along it. */
export const DEMO_ROUTE: RouteLine = { type: 'LineString', coordinates: route.geometry.coordinates as LngLat[] };

/** Fix time of the first demo report: 07:00 in Tapachula (UTC−6) on 24 December 2023. */
const DEPARTURE_MS = Date.UTC(2023, 11, 24, 13, 0);
/** The caravan walks from 07:00 for eight hours a day, reporting every 20 minutes while it walks. */
const REPORTS_PER_DAY = 24;
const REPORT_EVERY_MS = 20 * 60_000;
const WALKING_KMH = 4;
const KM_PER_REPORT = (WALKING_KMH * REPORT_EVERY_MS) / 3_600_000;
export const DEMO_STEPS = Math.ceil(DEMO_ROUTE_KM / KM_PER_REPORT) + 1;
/** The step a live demo shows as "now": a third of the way, so there is a history behind it and a road ahead. */
export const DEMO_NOW_STEP = Math.floor(DEMO_STEPS / 3);

/**
 * When the caravan's walk took a step, on its own 2023 calendar: eight hours of walking a day from
 * 07:00 Tapachula time, a fix every 20 minutes. Increases with the step.
 * @example new Date(demoFixTimeMs(0)).toISOString() // '2023-12-24T13:00:00.000Z'
 */
export function demoFixTimeMs(step: number): number {
  return DEPARTURE_MS + Math.floor(step / REPORTS_PER_DAY) * 86_400_000 + (step % REPORTS_PER_DAY) * REPORT_EVERY_MS;
}

/**
 * How many steps had been taken by a moment of the 2023 calendar (steps 0 … n − 1 have fix times
 * at or before it). Binary search: fix times increase with the step.
 * @example demoStepsBy(demoFixTimeMs(10)) // 11
 */
export function demoStepsBy(fixTimeMs: number): number {
  let [low, high] = [0, DEMO_STEPS];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (demoFixTimeMs(middle) <= fixTimeMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Small deterministic scatter (tens of metres), like real phone fixes. */
function scatter(step: number, salt: number): number {
  const x = Math.sin(step * 12.9898 + salt * 78.233) * 43_758.5453;
  return (x - Math.floor(x) - 0.5) * 0.0006;
}

function nearestTown(point: LngLat): string | null {
  for (const waypoint of demoRoute.waypoints) {
    if (Math.abs(waypoint.lng - point[0]) < 0.01 && Math.abs(waypoint.lat - point[1]) < 0.01) return waypoint.name;
  }
  return null;
}

/**
 * The demo report for one step, its fix time moved by `shiftMs` (a live demo moves the 2023 walk
 * to around now): a pure function of both, so a restarted simulator resumes where it stopped and
 * a replayed step is a duplicate, not a second report.
 */
export function demoReport(step: number, shiftMs = 0): ReportInput {
  const day = Math.floor(step / REPORTS_PER_DAY);
  const recordedAtMs = demoFixTimeMs(step) + shiftMs;
  const distanceKm = Math.min(DEMO_ROUTE_KM, step * KM_PER_REPORT);
  const [lng, lat] = along(route, distanceKm, { units: 'kilometers' }).geometry.coordinates as LngLat;
  const point: LngLat = [Number((lng + scatter(step, 1)).toFixed(6)), Number((lat + scatter(step, 2)).toFixed(6))];
  const town = nearestTown(point);
  return {
    id: `demo-${step}`,
    lng: point[0],
    lat: point[1],
    recordedAt: new Date(recordedAtMs).toISOString(),
    accuracyM: 8 + Math.round(Math.abs(scatter(step, 3)) * 40_000),
    headcount: Math.max(1_500, 6_000 - day * 60),
    note: town ? `Demo (simulated): passing ${town}` : undefined,
  };
}
