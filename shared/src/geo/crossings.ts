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

/**
 * The port of entry nearest to a point, by ellipsoidal distance.
 * @example nearestCrossing([-99.5, 27.4]) // { name: 'Nuevo Laredo – Laredo', distanceKm: ≈ 11 }
 */
export function nearestCrossing(point: LngLat): { name: string; distanceKm: number } {
  const bySphere = BORDER_CROSSINGS.map((crossing) => ({
    crossing,
    sphericalKm: sphericalDistanceKm(point, [crossing.lng, crossing.lat]),
  })).sort((a, b) => a.sphericalKm - b.sphericalKm);
  const limit = bySphere[0]!.sphericalKm * 1.006 + 0.001;
  let best = { name: '', distanceKm: Infinity };
  for (const { crossing, sphericalKm } of bySphere) {
    if (sphericalKm > limit) break;
    const distanceKm = geodesicDistanceKm(point, [crossing.lng, crossing.lat]);
    if (distanceKm < best.distanceKm) best = { name: crossing.name, distanceKm };
  }
  return best;
}
