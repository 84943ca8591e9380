import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legKm, type LegEnd } from '../../src/geo';
import { compareTrackOrder, insertionIndex, legDeltaKm, type TrackOrdered } from '../../src/track';
import { orderedReports } from './arbitraries';

type Placed = TrackOrdered & LegEnd;

/** Positions around Arriaga, a few km apart, some within the jitter floor of each other. */
const position = fc.record({
  lng: fc.double({ min: -93.92, max: -93.88, noNaN: true }),
  lat: fc.double({ min: 16.22, max: 16.26, noNaN: true }),
  accuracyM: fc.constantFrom(5, 30, 400),
});

/** Track reports with distinct ids and positions, in no particular order. */
const placedReports: fc.Arbitrary<Placed[]> = orderedReports.chain((reports) =>
  fc
    .array(position, { minLength: reports.length, maxLength: reports.length })
    .map((positions) => reports.map((report, index) => ({ ...report, ...positions[index]! }))),
);

/** The reference: a track's length summed leg by leg, in track order. */
function trackKm(reports: readonly Placed[]): number {
  const track = [...reports].sort(compareTrackOrder);
  let totalKm = 0;
  for (let i = 1; i < track.length; i++) totalKm += legKm(track[i - 1]!, track[i]!);
  return totalKm;
}

describe('legDeltaKm', () => {
  it('adds the two legs a report creates and removes the one it splits', () => {
    const [a, b, c] = [
      { lng: -93.9, lat: 16.2 },
      { lng: -93.9, lat: 16.25 },
      { lng: -93.85, lat: 16.3 },
    ];
    expect(legDeltaKm(a, b, c)).toBeCloseTo(legKm(a, b) + legKm(b, c) - legKm(a, c), 12);
    expect(legDeltaKm(undefined, a, b)).toBe(legKm(a, b));
    expect(legDeltaKm(b, c, null)).toBe(legKm(b, c));
    expect(legDeltaKm(null, a, undefined)).toBe(0);
  });

  it('is how the track length changes when the report joins it where track order puts it', () => {
    fc.assert(
      fc.property(placedReports, (reports) => {
        const [report, ...stored] = reports;
        if (!report) return;
        const track = [...stored].sort(compareTrackOrder);
        const at = insertionIndex(track, report);
        expect(legDeltaKm(track[at - 1], report, track[at])).toBeCloseTo(trackKm(reports) - trackKm(stored), 9);
      }),
    );
  });
});
