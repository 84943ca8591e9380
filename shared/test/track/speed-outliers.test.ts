import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/schemas/report';
import {
  compareTrackOrder,
  isSpeedCandidate,
  isSpeedOutlier,
  REJUDGE_MARGIN,
  rejudgeWindow,
  type TrackWindow,
} from '../../src/track';
import { legKm } from '../../src/geo';
import { walkWithStrays } from './outlier-tracks';

const MAX_KMH = 150;

const fix = (id: string, minute: number, lng: number, lat: number): Report => ({
  id,
  caravanId: 'c',
  reporterId: 'r',
  lng,
  lat,
  recordedAt: new Date(Date.UTC(2026, 0, 10, 12, minute)).toISOString(),
  receivedAt: new Date(Date.UTC(2026, 0, 10, 12, minute)).toISOString(),
  source: 'api',
  hidden: false,
  flags: [],
  metrics: { distanceToBorderKm: 1, side: 'MX', nearestBorderPoint: [0, 0], nearestCrossing: { name: 'x', distanceKm: 1 } },
});

const MEXICO_CITY: [number, number] = [-99.1332, 19.4326];
/** Six fixes in Tapachula five minutes apart, a few hundred metres each. */
const tapachula = Array.from({ length: 6 }, (_, n) => fix(`t${n}`, 10 + 5 * n, -92.2633 + 0.002 * n, 14.9056));

const verdicts = (reports: Report[]) => {
  const sorted = [...reports].sort(compareTrackOrder);
  return new Map(sorted.map((report, index) => [report.id, isSpeedOutlier(sorted, index, MAX_KMH)]));
};

describe('isSpeedOutlier', () => {
  it('blames the stray test fix in Mexico City, not the six real fixes after it', () => {
    const judged = verdicts([fix('test', 0, ...MEXICO_CITY), ...tapachula]);
    expect(judged.get('test')).toBe(true);
    expect(tapachula.map((report) => judged.get(report.id))).toEqual(Array(6).fill(false));
  });

  it('blames a stray fix in the middle of the walk and at its end', () => {
    const middle = verdicts([...tapachula, fix('bd', 22, 90.4125, 23.8103)]); // Dhaka, between t2 and t3
    expect([...middle].filter(([, outlier]) => outlier).map(([id]) => id)).toEqual(['bd']);
    const end = verdicts([...tapachula, fix('mx', 40, ...MEXICO_CITY)]);
    expect([...end].filter(([, outlier]) => outlier).map(([id]) => id)).toEqual(['mx']);
  });

  it('doubts both of two fixes that cannot both be right until a third tells which', () => {
    const two = verdicts([fix('test', 0, ...MEXICO_CITY), tapachula[0]!]);
    expect([...two.values()]).toEqual([true, true]);
  });

  it('keeps a bus ride under the limit on the track', () => {
    const bus = [fix('a', 0, -92.2633, 14.9056), fix('b', 60, -92.2633, 15.7), fix('c', 120, -92.2633, 16.5)];
    expect([...verdicts(bus).values()]).toEqual([false, false, false]);
  });

  it('flags every stray fix and only those, in any walk', () => {
    fc.assert(
      fc.property(walkWithStrays, ({ reports, strayIds }) => {
        const flagged = [...verdicts(reports)].filter(([, outlier]) => outlier).map(([id]) => id);
        expect(new Set(flagged)).toEqual(strayIds);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isSpeedCandidate', () => {
  it('takes visible fixes doubted for their speed at most', () => {
    expect(isSpeedCandidate({ hidden: false, flags: ['implausible_speed', 'clock_behind'] })).toBe(true);
    expect(isSpeedCandidate({ hidden: true, flags: [] })).toBe(false);
    expect(isSpeedCandidate({ hidden: false, flags: ['clock_skew'] })).toBe(false);
  });
});

describe('rejudgeWindow', () => {
  const judgedAll = (reports: Report[]) => {
    const sorted = [...reports].sort(compareTrackOrder);
    return sorted.map((report, index) =>
      isSpeedOutlier(sorted, index, MAX_KMH) ? { ...report, flags: ['implausible_speed' as const] } : report,
    );
  };
  const trackKm = (reports: Report[]) => {
    const track = reports.filter((report) => !report.flags.length);
    return track.slice(1).reduce((km, report, index) => km + legKm(track[index]!, report), 0);
  };

  it('measures a leg again when an end of it moved or changed its accuracy, though the report objects are the same', () => {
    const windowOf = (candidates: Report[]): TrackWindow => ({
      candidates,
      atStart: true,
      atEnd: true,
      trackBefore: null,
      trackAfter: null,
    });
    const changes: Array<(report: Report) => void> = [
      (report) => (report.lng += 0.01),
      (report) => (report.lat += 0.01),
      (report) => (report.accuracyM = 1_500),
    ];
    for (const [index, change] of changes.entries()) {
      for (const end of ['from', 'to'] as const) {
        const [a, b] = [fix('a', 10, -92.2633, 14.9056), fix('b', 20, -92.2533, 14.9056)];
        rejudgeWindow(windowOf([a, b]), { joining: [], leaving: new Set() }, MAX_KMH); // measures a → b
        change(end === 'from' ? a : b);
        // a leaves: the track loses the leg a → b as it is now.
        const { deltaKm } = rejudgeWindow(windowOf([a, b]), { joining: [], leaving: new Set(['a']) }, MAX_KMH);
        expect(deltaKm, `change ${index} at the ${end} end`).toBeCloseTo(-legKm(a, b), 9);
      }
    }
  });

  it('gives, from a window around the change, what judging the whole track again gives', () => {
    fc.assert(
      fc.property(walkWithStrays, fc.nat(), (walk, pick) => {
        const all = [...walk.reports].sort(compareTrackOrder);
        const newcomer = all[pick % all.length]!;
        const stored = judgedAll(all.filter((report) => report !== newcomer));
        const at = stored.findIndex((report) => compareTrackOrder(report, newcomer) > 0);
        const index = at === -1 ? stored.length : at;
        const from = Math.max(0, index - REJUDGE_MARGIN);
        const to = Math.min(stored.length, index + REJUDGE_MARGIN);
        const onTrack = (report: Report) => !report.flags.length;
        const window: TrackWindow = {
          candidates: stored.slice(from, to),
          atStart: from === 0,
          atEnd: to === stored.length,
          trackBefore: stored.slice(0, from).filter(onTrack).at(-1) ?? null,
          trackAfter: stored.slice(to).find(onTrack) ?? null,
        };
        const change = rejudgeWindow(window, { joining: [newcomer], leaving: new Set() }, MAX_KMH);

        const expected = judgedAll(all);
        const applied = new Map(stored.map((report) => [report.id, report]));
        for (const report of change.reports) applied.set(report.id, report);
        expect([...applied.values()].sort(compareTrackOrder)).toEqual(expected);
        expect(trackKm(stored) + change.deltaKm).toBeCloseTo(trackKm(expected), 6);
        const wasOn = new Set(stored.filter(onTrack).map((report) => report.id));
        const isOn = new Set(expected.filter(onTrack).map((report) => report.id));
        expect(new Set(change.joined)).toEqual(new Set([...isOn].filter((id) => !wasOn.has(id))));
        expect(new Set(change.left)).toEqual(new Set([...wasOn].filter((id) => !isOn.has(id))));
      }),
      { numRuns: 300 },
    );
  });
});
