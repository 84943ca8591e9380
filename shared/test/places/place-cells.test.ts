import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gazetteer, matchPlace } from '../../src/places';
import { matchPlaceInIndex } from '../../src/places/place-at';

const CELL_DEGREES = 0.02;

describe('matchPlace by grid cell', () => {
  it('names every position as the kd-tree does, across Mexico and the border', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -118, max: -86, noNaN: true }),
        fc.double({ min: 13, max: 34, noNaN: true }),
        fc.constantFrom(undefined, 0, 1, 2.5, 10),
        (lng, lat, minSizeKm) => {
          const query = minSizeKm === undefined ? {} : { minSizeKm };
          expect(matchPlace([lng, lat], query)).toEqual(matchPlaceInIndex([lng, lat], query));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('names positions on a cell’s edges and corners, beside the places themselves, as the kd-tree does', () => {
    const places = gazetteer();
    fc.assert(
      fc.property(
        fc.nat(places.lng.length - 1),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom(0, 1e-9, -1e-9, 0.5),
        (place, east, north, nudge) => {
          // A cell corner near the place, a few cells away, nudged across the edge or not.
          const lng = (Math.round(places.lng[place]! / CELL_DEGREES) + east + nudge) * CELL_DEGREES;
          const lat = (Math.round(places.lat[place]! / CELL_DEGREES) + north + nudge) * CELL_DEGREES;
          expect(matchPlace([lng, lat])).toEqual(matchPlaceInIndex([lng, lat]));
          expect(matchPlace([places.lng[place]!, places.lat[place]!])).toEqual(
            matchPlaceInIndex([places.lng[place]!, places.lat[place]!]),
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('names nothing far from every place, as the kd-tree does', () => {
    for (const point of [
      [-140, 10],
      [0, 0],
      [-105, 45],
      [179.99, -89.99],
    ] as const) {
      expect(matchPlace([...point])).toEqual(matchPlaceInIndex([...point]));
    }
    expect(matchPlace([-140, 10])).toBeUndefined();
  });
});
