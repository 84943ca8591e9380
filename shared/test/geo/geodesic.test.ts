import { describe, expect, it } from 'vitest';
import { geodesicDistanceKm, karneyDistanceKm } from '../../src/geo/geodesic';
import type { LngLat } from '../../src/schemas/common';
import { seeded } from '../seeded';

/** 0.1 mm, in km. */
const TENTH_OF_A_MILLIMETRE_KM = 1e-7;

/** A point uniform on the sphere. */
const anywhere = (random: () => number): LngLat => [random() * 360 - 180, (Math.asin(random() * 2 - 1) * 180) / Math.PI];

describe('geodesicDistanceKm (Vincenty where it converges, GeographicLib elsewhere)', () => {
  it('agrees with Karney’s algorithm within 0.1 mm on 40,000 seeded pairs: metres apart, a region apart, anywhere, nearly antipodal', () => {
    const random = seeded(17);
    let worstKm = 0;
    for (let i = 0; i < 40_000; i++) {
      const from = anywhere(random);
      const spread = [0.01, 20, 360][i % 4] ?? 0;
      const to: LngLat =
        i % 4 === 3
          ? [from[0] + 180 + (random() - 0.5) * 2, -from[1] + (random() - 0.5) * 2]
          : [
              from[0] + (random() - 0.5) * spread,
              Math.max(-90, Math.min(90, from[1] + (random() - 0.5) * Math.min(spread, 180))),
            ];
      const differenceKm = Math.abs(geodesicDistanceKm(from, to) - karneyDistanceKm(from, to));
      worstKm = Math.max(worstKm, differenceKm);
      expect(differenceKm, `${from} → ${to}`).toBeLessThanOrEqual(TENTH_OF_A_MILLIMETRE_KM);
    }
    expect(worstKm).toBeGreaterThan(0); // Vincenty did answer, not only the fallback
  });

  it('measures the caravan’s own distances to within 10 µm: Tapachula to the border, a day’s walk, a GPS jitter', () => {
    const pairs: Array<[LngLat, LngLat]> = [
      [
        [-92.2633, 14.9056],
        [-97.14, 25.96],
      ],
      [
        [-92.2633, 14.9056],
        [-92.5, 15.2],
      ],
      [
        [-92.2633, 14.9056],
        [-92.26332, 14.90562],
      ],
    ];
    for (const [from, to] of pairs)
      expect(Math.abs(geodesicDistanceKm(from, to) - karneyDistanceKm(from, to))).toBeLessThan(1e-8);
  });

  it('gives 0 for the same point, the same both ways, and crosses the antimeridian and the poles', () => {
    expect(geodesicDistanceKm([-92.2633, 14.9056], [-92.2633, 14.9056])).toBe(0);
    const [a, b]: LngLat[] = [
      [-97.14, 25.96],
      [-106.42, 31.69],
    ];
    expect(geodesicDistanceKm(a!, b!)).toBe(geodesicDistanceKm(b!, a!));
    for (const [from, to] of [
      [
        [179.9, 10],
        [-179.9, 10],
      ],
      [
        [0, 0],
        [90, 0],
      ],
      [
        [10, 89.9],
        [-170, 89.9],
      ],
      [
        [0, 90],
        [0, -90],
      ],
    ] as Array<[LngLat, LngLat]>)
      expect(Math.abs(geodesicDistanceKm(from, to) - karneyDistanceKm(from, to)), `${from} → ${to}`).toBeLessThanOrEqual(
        TENTH_OF_A_MILLIMETRE_KM,
      );
  });

  it('answers NaN off the globe, as GeographicLib does', () => {
    expect(geodesicDistanceKm([0, 91], [0, 0])).toBeNaN();
    expect(geodesicDistanceKm([Number.NaN, 0], [0, 0])).toBeNaN();
  });

  it('hands nearly antipodal points to GeographicLib, where Vincenty does not converge', () => {
    for (const to of [
      [179.5, 0.5],
      [179.9, 0],
      [180, 0],
    ] as LngLat[])
      expect(geodesicDistanceKm([0, 0], to)).toBe(karneyDistanceKm([0, 0], to));
  });
});
