import type { LngLat } from '../schemas/common';
import { borderIndex } from './border';
import { geodesicDistanceKm } from './geodesic';

/**
 * A WGS84 geodesic is between 0.9944 and 1.0046 times the great circle on the mean sphere
 * (meridian radius at the equator, prime-vertical radius at the poles, over 6,371.009 km).
 * So every stretch of border within 1.03% on the sphere may be the nearest on the ellipsoid,
 * and one whose spherical distance × 0.9944 exceeds the best exact distance cannot be.
 */
const MIN_ELLIPSOID_TO_SPHERE = 0.9944;
const MAX_ELLIPSOID_TO_SPHERE = 1.0046;
const SPHERE_TOLERANCE = MAX_ELLIPSOID_TO_SPHERE / MIN_ELLIPSOID_TO_SPHERE - 1;

export interface BorderDistance {
  /** Ellipsoidal (WGS84) distance to the nearest point of the border; never negative. */
  distanceKm: number;
  nearestPoint: LngLat;
  side: 'MX' | 'US';
}

/**
 * Distance from a point to the US–Mexico border on the WGS84 ellipsoid, with the border's
 * nearest point and the side of the border the point is on. Candidates come from a spatial
 * index over the border's segments, screened on the sphere; the winner is measured exactly.
 * @example distanceToBorderKm([-92.2633, 14.9056]).distanceKm // ≈ 1322.5 (Tapachula)
 */
export function distanceToBorderKm(point: LngLat): BorderDistance {
  const candidates = borderIndex().nearest(point, SPHERE_TOLERANCE);
  let best: BorderDistance | undefined;
  for (const candidate of candidates) {
    if (best && candidate.sphericalKm * MIN_ELLIPSOID_TO_SPHERE > best.distanceKm) continue;
    const distanceKm = candidate.sphericalKm === 0 ? 0 : geodesicDistanceKm(point, candidate.point);
    if (!best || distanceKm < best.distanceKm) {
      best = { distanceKm, nearestPoint: candidate.point, side: candidate.left ? 'US' : 'MX' };
    }
  }
  return best!;
}
