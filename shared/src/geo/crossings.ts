import crossingsData from '../../data/border-crossings.json';
import type { LngLat } from '../schemas/common';
import { geodesicDistanceKm } from './geodesic';
import { sphericalDistanceKm } from './sphere';

export interface BorderCrossing {
  /** "Mexican side – US side", e.g. "Tijuana – San Ysidro". */
  name: string;
  mexicoSide: string;
  usSide: string;
  lng: number;
  lat: number;
}

/** Main US–Mexico land ports of entry, west to east (shared/data/border-crossings.json). */
export const BORDER_CROSSINGS: readonly BorderCrossing[] = crossingsData.crossings.map((crossing) => ({
  ...crossing,
  name: `${crossing.mexicoSide} – ${crossing.usSide}`,
}));

const CROSSING_POINTS: readonly LngLat[] = BORDER_CROSSINGS.map((crossing) => [crossing.lng, crossing.lat]);
const crossingSphereKm = new Float64Array(BORDER_CROSSINGS.length);

/**
 * The port of entry nearest to a point, by ellipsoidal distance.
 * @example nearestCrossing([-99.5, 27.4]) // { name: 'Nuevo Laredo – Laredo', distanceKm: ≈ 11 }
 */
export function nearestCrossing(point: LngLat): { name: string; distanceKm: number } {
  // Every report is measured: one pass on the sphere, no objects, no sort.
  const sphericalKm = crossingSphereKm;
  let nearestOnSphere = Infinity;
  for (let i = 0; i < CROSSING_POINTS.length; i++) {
    sphericalKm[i] = sphericalDistanceKm(point, CROSSING_POINTS[i]!);
    nearestOnSphere = Math.min(nearestOnSphere, sphericalKm[i]!);
  }
  // Sphere and ellipsoid can rank crossings within 0.6% of each other differently: those are measured exactly.
  const limit = nearestOnSphere * 1.006 + 0.001;
  let best = -1;
  let bestKm = Infinity;
  for (let i = 0; i < CROSSING_POINTS.length; i++) {
    if (sphericalKm[i]! > limit) continue;
    const distanceKm = geodesicDistanceKm(point, CROSSING_POINTS[i]!);
    if (distanceKm < bestKm) [best, bestKm] = [i, distanceKm];
  }
  // Only a position off the globe (as tests build, never ingest) measures nothing.
  return best < 0 ? { name: '', distanceKm: Infinity } : { name: BORDER_CROSSINGS[best]!.name, distanceKm: bestKm };
}
