import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gazetteer, placeAt, publicPlaceAt } from '../../src/places';
import type { LngLat } from '../../src/schemas/common';

/** The largest gazetteer place of that name in that state: how large the named place is. */
function sizeOfNamed(name: string, state: string): number {
  const places = gazetteer();
  let size = 0;
  places.names.forEach((candidate, i) => {
    if (candidate === name && places.stateNames[places.stateOf[i]!] === state) size = Math.max(size, places.sizeKm[i]!);
  });
  return size;
}

const routeRegion = fc.tuple(
  fc.double({ min: -101.5, max: -92, noNaN: true }),
  fc.double({ min: 14.8, max: 28.8, noNaN: true }),
) as fc.Arbitrary<LngLat>;
const precisions = fc.constantFrom(1, 2, 3, 5, 10);

describe('publicPlaceAt', () => {
  it('never names a place smaller than the grid, and gives the distance in whole grid steps', () => {
    fc.assert(
      fc.property(routeRegion, precisions, (position, precisionKm) => {
        const place = publicPlaceAt(position, precisionKm);
        if (!place) return;
        expect(sizeOfNamed(place.name, place.state)).toBeGreaterThanOrEqual(precisionKm / 2);
        expect(Number.isInteger(place.distanceKm / precisionKm)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('names Arriaga at a 2 km grid, but not Escuintla, a town smaller than a cell', () => {
    expect(publicPlaceAt([-93.9, 16.24], 2)?.name).toBe('Arriaga');
    expect(placeAt([-92.66, 15.32])?.name).toBe('Escuintla');
    expect(publicPlaceAt([-92.66, 15.32], 2)?.name).not.toBe('Escuintla');
  });

  it('says "in" only when the whole grid cell lies inside the place', () => {
    // The centre of Tapachula (radius 4 km) at a 2 km grid: the cell is inside.
    expect(publicPlaceAt([-92.26, 14.91], 2)).toMatchObject({ name: 'Tapachula', within: true });
    // Arriaga's centre (radius 1.4 km) at a 2 km grid: a cell reaches 1.4 km out, so only "near".
    expect(publicPlaceAt([-93.9, 16.24], 2)).toMatchObject({ name: 'Arriaga', within: false });
  });

  it('at a coarser grid names only larger towns', () => {
    expect(publicPlaceAt([-93.9, 16.24], 10)?.name).not.toBe('Arriaga');
  });
});
