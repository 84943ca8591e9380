import type { LngLat } from '../schemas/common';
import { geodesicDistanceKm } from './geodesic';
import type { NearestOnLine, PolylineIndex } from './polyline-index';

/**
 * A WGS84 geodesic is between 0.9944 and 1.0046 times the great circle on the mean sphere
 * (meridian radius at the equator, prime-vertical radius at the poles, over 6,371.009 km).
 * So every stretch of a line within 1.03% on the sphere may be the nearest on the ellipsoid,
 * and one whose spherical distance × 0.9944 exceeds the best exact distance cannot be.
 */
const MIN_ELLIPSOID_TO_SPHERE = 0.9944;
const MAX_ELLIPSOID_TO_SPHERE = 1.0046;
const SPHERE_TOLERANCE = MAX_ELLIPSOID_TO_SPHERE / MIN_ELLIPSOID_TO_SPHERE - 1;

export interface NearestOnLineKm {
  /** Ellipsoidal (WGS84) distance to the nearest point of the line; never negative. */
  distanceKm: number;
  nearest: NearestOnLine;
}

/**
 * The nearest point of an indexed line to `point` on the WGS84 ellipsoid: candidates screened on
 * the sphere by the index, the winner measured exactly.
 * @example nearestOnLineKm(borderIndex(), [-92.2633, 14.9056]).distanceKm // ≈ 1322.5 (Tapachula to the border)
 */
export function nearestOnLineKm(index: PolylineIndex, point: LngLat): NearestOnLineKm {
  let best: NearestOnLineKm | undefined;
  for (const candidate of index.nearest(point, SPHERE_TOLERANCE)) {
    if (best && candidate.sphericalKm * MIN_ELLIPSOID_TO_SPHERE > best.distanceKm) continue;
    const distanceKm = candidate.sphericalKm === 0 ? 0 : geodesicDistanceKm(point, candidate.point);
    if (!best || distanceKm < best.distanceKm) best = { distanceKm, nearest: candidate };
  }
  return best!;
}
