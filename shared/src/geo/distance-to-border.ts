import type { LngLat } from '../schemas/common';
import { borderIndex } from './border';
import { nearestOnLineKm } from './nearest-on-line';

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
  const { distanceKm, nearest } = nearestOnLineKm(borderIndex(), point);
  return { distanceKm, nearestPoint: nearest.point, side: nearest.left ? 'US' : 'MX' };
}
