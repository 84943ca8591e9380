import geodesicLib from 'geographiclib-geodesic';
import type { LngLat } from '../schemas/common';

// The package is CommonJS: its named exports are only reachable through the default import.
const { Geodesic } = geodesicLib;
const WGS84 = Geodesic.WGS84;
const DISTANCE_ONLY = Geodesic.DISTANCE;

/**
 * Distance between two points on the WGS84 ellipsoid (Karney's algorithm, GeographicLib).
 * @example geodesicDistanceKm([-92.2633, 14.9056], [-97.14, 25.96]) // ≈ 1325.02
 */
export function geodesicDistanceKm(from: LngLat, to: LngLat): number {
  return WGS84.Inverse(from[1], from[0], to[1], to[0], DISTANCE_ONLY).s12! / 1000;
}
