import type { LngLat } from '../schemas/common';

export const EARTH_MEAN_RADIUS_KM = 6371.0088;
export const RADIANS = Math.PI / 180;

/**
 * Great-circle distance on the mean sphere: a cheap screen before the exact ellipsoidal
 * distance (it is within 0.5% of it everywhere).
 * @example sphericalDistanceKm([0, 0], [0, 1]) // ≈ 111.2
 */
export function sphericalDistanceKm(from: LngLat, to: LngLat): number {
  const lat1 = from[1] * RADIANS;
  const lat2 = to[1] * RADIANS;
  const sinHalfLat = Math.sin((lat2 - lat1) / 2);
  const sinHalfLng = Math.sin(((to[0] - from[0]) * RADIANS) / 2);
  const h = sinHalfLat * sinHalfLat + Math.cos(lat1) * Math.cos(lat2) * sinHalfLng * sinHalfLng;
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
