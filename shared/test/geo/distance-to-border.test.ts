import { describe, expect, it } from 'vitest';
import { BORDER_COORDINATES, distanceToBorderKm, geodesicDistanceKm } from '../../src/geo';
import type { LngLat } from '../../src/schemas/common';
import { golden, readInput } from '../golden';
import { seeded } from '../seeded';
import { bruteForceDistanceKm } from './reference';

interface BorderPoint {
  name: string;
  lngLat: LngLat;
  side: 'MX' | 'US' | null;
}
const { points } = readInput<{ points: BorderPoint[] }>('border-points');

describe('distanceToBorderKm', () => {
  it('measures Tapachula at 1,322.5 km on the WGS84 ellipsoid', () => {
    const { distanceKm, side } = distanceToBorderKm([-92.2633, 14.9056]);
    expect(distanceKm).toBeCloseTo(1322.5, 0);
    expect(side).toBe('MX');
  });

  it('matches the golden outputs for named points, and puts each on its side', () => {
    const actual = points.map(({ name, lngLat }) => {
      const { distanceKm, nearestPoint, side } = distanceToBorderKm(lngLat);
      return {
        name,
        distanceKm: Number(distanceKm.toFixed(3)),
        nearestPoint: nearestPoint.map((v) => Number(v.toFixed(6))),
        side,
      };
    });
    expect(actual).toEqual(golden('border-points', actual));
    for (const [index, point] of points.entries()) {
      if (point.side) expect(actual[index]!.side, point.name).toBe(point.side);
    }
  });

  it('gives zero at a vertex of the border and never a negative distance', () => {
    expect(distanceToBorderKm(BORDER_COORDINATES[400]!).distanceKm).toBeLessThan(1e-6);
    for (const vertex of BORDER_COORDINATES.slice(0, 50)) expect(distanceToBorderKm(vertex).distanceKm).toBeGreaterThanOrEqual(0);
  });

  it('returns a nearest point whose distance is the reported distance', () => {
    const point: LngLat = [-101.2, 24.1];
    const { distanceKm, nearestPoint } = distanceToBorderKm(point);
    expect(geodesicDistanceKm(point, nearestPoint)).toBeCloseTo(distanceKm, 6);
  });

  it('stays within 0.05% (or 50 m) of a brute-force ellipsoidal reference on 200 seeded points', () => {
    const random = seeded(20231224);
    let worstRelative = 0;
    for (let i = 0; i < 200; i++) {
      // Mexico and the southern US: lng −118…−86, lat 14…37.
      const point: LngLat = [-118 + random() * 32, 14 + random() * 23];
      const fast = distanceToBorderKm(point).distanceKm;
      const reference = bruteForceDistanceKm(point, BORDER_COORDINATES);
      const error = Math.abs(fast - reference);
      expect(error <= Math.max(0.0005 * reference, 0.05), `${point.join(',')}: ${fast} vs ${reference}`).toBe(true);
      worstRelative = Math.max(worstRelative, error / reference);
    }
    expect(worstRelative).toBeLessThan(0.0005);
  }, 120_000);
});
