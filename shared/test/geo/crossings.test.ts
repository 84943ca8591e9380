import { describe, expect, it } from 'vitest';
import { BORDER_CROSSINGS, distanceToBorderKm, geodesicDistanceKm, nearestCrossing } from '../../src/geo';
import type { LngLat } from '../../src/schemas/common';
import { golden, readInput } from '../golden';

const REQUIRED = [
  'Tijuana',
  'Mexicali',
  'Nogales',
  'Agua Prieta',
  'Ciudad Juárez',
  'Ojinaga',
  'Piedras Negras',
  'Nuevo Laredo',
  'Reynosa',
  'Matamoros',
];

describe('border crossings', () => {
  it('include the main ports of entry, named on both sides', () => {
    const mexicanSides = BORDER_CROSSINGS.map((crossing) => crossing.mexicoSide);
    for (const name of REQUIRED) expect(mexicanSides).toContain(name);
    for (const crossing of BORDER_CROSSINGS) expect(crossing.usSide.length).toBeGreaterThan(0);
  });

  it.each(BORDER_CROSSINGS.map((crossing) => [crossing.name, crossing] as const))(
    '%s lies within 2 km of the border line',
    (_name, crossing) => {
      expect(distanceToBorderKm([crossing.lng, crossing.lat]).distanceKm).toBeLessThanOrEqual(2);
    },
  );
});

describe('nearestCrossing', () => {
  it('finds the port of entry with the smallest ellipsoidal distance', () => {
    const point: LngLat = [-100.3161, 25.6866];
    const byBruteForce = BORDER_CROSSINGS.map((crossing) => ({
      name: crossing.name,
      distanceKm: geodesicDistanceKm(point, [crossing.lng, crossing.lat]),
    })).sort((a, b) => a.distanceKm - b.distanceKm)[0]!;
    expect(nearestCrossing(point)).toEqual(byBruteForce);
  });

  it('matches the golden outputs for named points', () => {
    const { points } = readInput<{ points: { name: string; lngLat: LngLat }[] }>('border-points');
    const actual = points.map(({ name, lngLat }) => {
      const crossing = nearestCrossing(lngLat);
      return { name, crossing: crossing.name, distanceKm: Number(crossing.distanceKm.toFixed(3)) };
    });
    expect(actual).toEqual(golden('nearest-crossing', actual));
  });

  it('names no crossing for a position off the globe, and does not throw (tests build such walks)', () => {
    expect(nearestCrossing([-100, 95])).toEqual({ name: '', distanceKm: Infinity });
    expect(nearestCrossing([-1592.2, 2264.9])).toEqual({ name: '', distanceKm: Infinity });
  });
});
