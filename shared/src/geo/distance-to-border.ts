import type { LngLat } from '../schemas/common';
import { borderIndex } from './border';
import { geodesicDistanceKm } from './geodesic';

/** Sphere and ellipsoid disagree by well under this, so candidates inside it are all checked. */
const SPHERE_TO_ELLIPSOID_TOLERANCE = 0.006;

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
  const candidates = borderIndex().nearest(point, SPHERE_TO_ELLIPSOID_TOLERANCE);
  let best: BorderDistance | undefined;
  for (const candidate of candidates) {
    const distanceKm = candidates.length === 1 && candidate.sphericalKm === 0 ? 0 : geodesicDistanceKm(point, candidate.point);
    if (!best || distanceKm < best.distanceKm) {
      best = { distanceKm, nearestPoint: candidate.point, side: candidate.left ? 'US' : 'MX' };
    }
  }
  return best!;
}
