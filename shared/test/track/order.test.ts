import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTrackOrder, fixTimeMs, type TrackOrdered } from '../../src/track';
import { fixTime, orderedReports, reportId } from './arbitraries';

/** The reference: Redis orders members of equal score by memcmp of their bytes, a shorter prefix first. */
const byteOrder = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

const at = (recordedAt: string, id: string): TrackOrdered => ({ recordedAt, id });

describe('fixTimeMs', () => {
  it('reads the fix time in epoch ms', () => {
    expect(fixTimeMs({ recordedAt: '2026-01-06T16:40:00.000Z' })).toBe(Date.UTC(2026, 0, 6, 16, 40));
  });
});

describe('compareTrackOrder', () => {
  it('orders by fix time first, whatever the ids', () => {
    const early = at('2024-01-10T08:00:00.000Z', 'z');
    const late = at('2024-01-10T08:00:00.001Z', 'A');
    expect(compareTrackOrder(early, late)).toBeLessThan(0);
    expect(compareTrackOrder(late, early)).toBeGreaterThan(0);
  });

  it('orders reports of one fix time by id in byte order: - < digits < upper case < _ < lower case, prefix first', () => {
    const time = '2024-01-10T08:00:00.000Z';
    const ids = ['b', 'a_', '_', 'a', 'Z', '0', 'a-', '-', 'aZ'];
    const sorted = ids.map((id) => at(time, id)).sort(compareTrackOrder);
    expect(sorted.map((report) => report.id)).toEqual(['-', '0', 'Z', '_', 'a', 'a-', 'aZ', 'a_', 'b']);
  });

  it('is 0 only for the same place', () => {
    expect(compareTrackOrder(at('2024-01-10T08:00:00Z', 'x'), at('2024-01-10T08:00:00.000Z', 'x'))).toBe(0);
  });

  it('agrees with byte order on every pair of report ids at one time', () => {
    fc.assert(
      fc.property(fixTime, reportId, reportId, (ms, a, b) => {
        const recordedAt = new Date(ms).toISOString();
        expect(Math.sign(compareTrackOrder(at(recordedAt, a), at(recordedAt, b)))).toBe(byteOrder(a, b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with byte order on any ASCII id, not only the characters the schema allows', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code)), maxLength: 8 });
    fc.assert(
      fc.property(ascii, ascii, (a, b) => {
        const recordedAt = '2024-01-10T08:00:00.000Z';
        expect(Math.sign(compareTrackOrder(at(recordedAt, a), at(recordedAt, b)))).toBe(byteOrder(a, b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sorts a list as (fix time, then id bytes) does', () => {
    fc.assert(
      fc.property(orderedReports, (reports) => {
        const sorted = [...reports].sort(compareTrackOrder);
        const reference = [...reports].sort((a, b) => fixTimeMs(a) - fixTimeMs(b) || byteOrder(a.id, b.id));
        expect(sorted).toEqual(reference);
      }),
    );
  });
});
