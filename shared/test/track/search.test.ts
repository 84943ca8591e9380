import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTrackOrder, countFixedBy, firstAtOrAfter, fixTimeMs, insertionIndex, lastFixedBy } from '../../src/track';
import { fixTime, orderedReports, reportId } from './arbitraries';

/** A list in track order, and a moment near its fix times (also between two milliseconds). */
const listAndMoment = fc.record({
  list: orderedReports.map((reports) => reports.sort(compareTrackOrder)),
  ms: fc.oneof(
    fixTime,
    fixTime.map((ms) => ms - 0.5),
    fixTime.map((ms) => ms + 0.5),
  ),
});

describe('search on a list in track order, against a linear scan', () => {
  it('insertionIndex: after every report that comes before, before every report that comes after', () => {
    fc.assert(
      fc.property(listAndMoment, reportId, ({ list, ms }, id) => {
        const report = { id, recordedAt: new Date(Math.round(ms)).toISOString() };
        const index = insertionIndex(list, report);
        const reference = list.filter((listed) => compareTrackOrder(listed, report) < 0).length;
        expect(index).toBe(reference);
      }),
    );
  });

  it('firstAtOrAfter: the first report fixed at or after the moment', () => {
    fc.assert(
      fc.property(listAndMoment, ({ list, ms }) => {
        const reference = list.findIndex((report) => fixTimeMs(report) >= ms);
        expect(firstAtOrAfter(list, ms)).toBe(reference === -1 ? list.length : reference);
      }),
    );
  });

  it('countFixedBy: how many reports were fixed at or before the moment', () => {
    fc.assert(
      fc.property(listAndMoment, ({ list, ms }) => {
        expect(countFixedBy(list, ms)).toBe(list.filter((report) => fixTimeMs(report) <= ms).length);
      }),
    );
  });

  it('lastFixedBy: the last report in track order fixed at or before the moment', () => {
    fc.assert(
      fc.property(listAndMoment, ({ list, ms }) => {
        expect(lastFixedBy(list, ms)).toBe(list.findLast((report) => fixTimeMs(report) <= ms));
      }),
    );
  });

  it('answers for an empty list', () => {
    expect(insertionIndex([], { id: 'a', recordedAt: '2024-01-10T08:00:00Z' })).toBe(0);
    expect(firstAtOrAfter([], 0)).toBe(0);
    expect(countFixedBy([], 0)).toBe(0);
    expect(lastFixedBy([], 0)).toBeUndefined();
  });
});
