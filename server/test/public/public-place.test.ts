import type { Caravan, Report } from '@rumbo/shared';
import { gazetteer } from '@rumbo/shared/places';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicProjection } from '../../src/public/public-projection';
import { snapToGrid } from '../../src/public/snap-to-grid';
import { makeCaravan, makeReport } from '../helper';

const NOW = Date.UTC(2024, 0, 10, 12, 0, 30);
const caravanAt = (precisionKm: number): Caravan => ({
  ...makeCaravan('public-place'),
  public: { delayMinutes: 30, precisionKm, showNotes: false },
});
const fixAt = (caravan: Caravan, lng: number, lat: number): Report =>
  makeReport(
    caravan.id,
    { id: 'p1', lng, lat, recordedAt: new Date(NOW - 120 * 60_000).toISOString() },
    { receivedAt: new Date(NOW - 119 * 60_000) },
  );

/** How large the largest place of that name and state is (its unbounded town radius). */
function sizeOfNamed(name: string, state: string): number {
  const places = gazetteer();
  let size = 0;
  places.names.forEach((candidate, i) => {
    if (candidate === name && places.stateNames[places.stateOf[i]!] === state) size = Math.max(size, places.sizeKm[i]!);
  });
  return size;
}

describe('the public snapshot names its latest position no finer than its grid', () => {
  it('names Arriaga for a fix in Arriaga at the default 2 km grid, "near" it', () => {
    const caravan = caravanAt(2);
    const snapshot = publicProjection(caravan, [fixAt(caravan, -93.9012, 16.2371)], NOW);
    expect(snapshot.latest?.place).toMatchObject({ name: 'Arriaga', state: 'Chiapas', country: 'MX', within: false });
  });

  it('gives every fix of one grid cell the same place, of a size the grid allows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -101, max: -92.2, noNaN: true }),
        fc.double({ min: 14.9, max: 28.6, noNaN: true }),
        fc.constantFrom(1, 2, 5),
        fc.double({ min: -0.49, max: 0.49, noNaN: true }),
        fc.double({ min: -0.49, max: 0.49, noNaN: true }),
        (lng, lat, precisionKm, dx, dy) => {
          const caravan = caravanAt(precisionKm);
          const [cellLng, cellLat] = snapToGrid([lng, lat], precisionKm);
          // A second fix elsewhere in the same cell (offsets are fractions of the cell).
          const degLat = precisionKm / 111.32;
          const degLng = degLat / Math.cos((cellLat * Math.PI) / 180);
          const other: [number, number] = [cellLng + dx * degLng, cellLat + dy * degLat];
          if (snapToGrid(other, precisionKm).join() !== [cellLng, cellLat].join()) return;
          const one = publicProjection(caravan, [fixAt(caravan, lng, lat)], NOW).latest?.place;
          const two = publicProjection(caravan, [fixAt(caravan, other[0], other[1])], NOW).latest?.place;
          expect(two).toEqual(one);
          if (one) {
            expect(sizeOfNamed(one.name, one.state)).toBeGreaterThanOrEqual(precisionKm / 2);
            expect(Number.isInteger(one.distanceKm / precisionKm)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
