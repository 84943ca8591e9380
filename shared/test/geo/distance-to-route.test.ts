import { describe, expect, it } from 'vitest';
import { distanceToRouteKm } from '../../src/geo';
import type { RouteLine } from '../../src/schemas/caravan';
import type { LngLat } from '../../src/schemas/common';
import { bruteForceDistanceKm } from './reference';

/** Tapachula to Mexico City by the coast road, roughly: the kind of route an editor draws. */
const ROUTE: RouteLine = {
  type: 'LineString',
  coordinates: [
    [-92.2633, 14.9056],
    [-93.9, 16.236],
    [-95.02, 16.43],
    [-96.73, 17.06],
    [-98.2, 19.04],
    [-99.13, 19.43],
  ],
};

describe('distanceToRouteKm', () => {
  // The bound distanceToBorderKm is held to: the route's segments are great circles, the
  // reference's geodesics, and on long segments the two part by metres.
  it('is 0 on a vertex and within 0.05 % (or 50 m) of the brute-force ellipsoidal distance off the route', () => {
    expect(distanceToRouteKm(ROUTE, [-93.9, 16.236])).toBe(0);
    const points: LngLat[] = [
      [-93.0, 15.9],
      [-95.5, 17.5],
      [-97.5, 18.0],
      [-99.5, 20.0],
      [-90.0, 14.0],
    ];
    for (const point of points) {
      const reference = bruteForceDistanceKm(point, ROUTE.coordinates);
      expect(Math.abs(distanceToRouteKm(ROUTE, point) - reference)).toBeLessThanOrEqual(Math.max(0.0005 * reference, 0.05));
    }
  });
});
