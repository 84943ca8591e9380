import type { Report } from '@rumbo/shared';
import { compareTrackOrder, isSpeedOutlier } from '@rumbo/shared/track';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkWithStrays } from '../../../shared/test/track/outlier-tracks';
import type { TrackStore } from '../../src/store/track-store';
import { closeStore, iso, legsKm, makeCaravan, makeReport, stores } from '../helper';

const MAX_KMH = 150;
const START_MS = Date.UTC(2026, 0, 10, 12);
const MEXICO_CITY = { lng: -99.1332, lat: 19.4326 };

/** What judging every visible fix from scratch gives: the reference the stores must match. */
function expectedTrack(reports: readonly Report[]) {
  const visible = reports.filter((report) => !report.hidden).sort(compareTrackOrder);
  const outliers = new Set(visible.filter((_, index) => isSpeedOutlier(visible, index, MAX_KMH)).map((report) => report.id));
  const track = visible.filter((report) => !outliers.has(report.id));
  return { outliers, track, traveledKm: legsKm(track) };
}

describe.each(stores)('speed judging in the %s store', (kind, makeStore) => {
  let store: TrackStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => {
    await closeStore(store);
  });

  async function newCaravan(): Promise<string> {
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    return caravan.id;
  }

  /** The store's flags, track, traveledKm and latest against judging the visible fixes from scratch. */
  async function expectJudgedAsAWhole(caravanId: string, reports: readonly Report[]) {
    const { outliers, track, traveledKm } = expectedTrack(reports);
    const stored = await store.listReports(caravanId, { limit: 1_000 });
    const flagged = stored.filter((report) => !report.hidden && report.flags.includes('implausible_speed'));
    expect(new Set(flagged.map((report) => report.id))).toEqual(outliers);
    expect((await store.listTrack(caravanId, Number.MAX_SAFE_INTEGER, 1_000)).map((report) => report.id)).toEqual(
      track.map((report) => report.id),
    );
    const facts = await store.trackFacts(caravanId);
    expect(facts.traveledKm).toBeCloseTo(traveledKm, 6);
    expect(facts.latest?.id).toBe(track.at(-1)?.id);
  }

  it('flags the stray test fix in Mexico City, not the six real fixes after it; hiding it changes nothing else', async () => {
    const caravanId = await newCaravan();
    const stray = makeReport(caravanId, { id: 'test-fix', ...MEXICO_CITY, recordedAt: iso(START_MS) });
    const tapachula = Array.from({ length: 6 }, (_, n) =>
      makeReport(caravanId, {
        id: `tap-${n}`,
        lng: -92.2633 + 0.002 * n,
        lat: 14.9056,
        recordedAt: iso(START_MS + (10 + 5 * n) * 60_000),
      }),
    );
    for (const report of [stray, ...tapachula]) await store.insertReport(report);

    const stored = await store.listReports(caravanId, { limit: 10 });
    expect(stored.filter((report) => report.flags.length > 0).map((report) => report.id)).toEqual(['test-fix']);
    expect((await store.trackFacts(caravanId)).latest?.id).toBe('tap-5');

    await store.setHidden(caravanId, 'test-fix', true);
    expect((await store.trackFacts(caravanId)).latest?.id).toBe('tap-5');
    expect((await store.listTrack(caravanId, Number.MAX_SAFE_INTEGER, 10)).map((report) => report.id)).toEqual(
      tapachula.map((report) => report.id),
    );
  });

  it('judges a neighbour again when a fix arrives late between them, and pushes what changed once', async () => {
    const caravanId = await newCaravan();
    const first = makeReport(caravanId, { id: 'a', lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS) });
    const far = makeReport(caravanId, { id: 'far', ...MEXICO_CITY, recordedAt: iso(START_MS + 20 * 60_000) });
    await store.insertReport(first);
    await store.insertReport(far);
    // Two fixes that cannot both be right: both doubted, until a third tells which.
    expect((await store.trackFacts(caravanId)).latest).toBeNull();
    await store.takeUnpushed(caravanId);

    const between = makeReport(caravanId, { id: 'b', lng: -92.2623, lat: 14.9056, recordedAt: iso(START_MS + 10 * 60_000) });
    const { report } = await store.insertReport(between);
    expect(report.flags).toEqual([]);
    expect((await store.getReport(caravanId, 'a'))?.flags).toEqual([]);
    expect((await store.getReport(caravanId, 'far'))?.flags).toEqual(['implausible_speed']);
    expect((await store.trackFacts(caravanId)).latest?.id).toBe('b');

    const unpushed = await store.takeUnpushed(caravanId);
    expect(unpushed.stored.map((stored) => stored.id)).toEqual(['b']);
    expect(unpushed.updated.map((updated) => [updated.id, updated.flags])).toEqual([['a', []]]);
    expect(await store.takeUnpushed(caravanId)).toEqual({ stored: [], updated: [] });
  });

  it('flags every stray fix and only those, whatever order fixes arrive in and after any hide or restore', async () => {
    await fc.assert(
      fc.asyncProperty(
        walkWithStrays,
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async ({ reports: walk, strayIds }, order, toggles) => {
          const caravanId = await newCaravan();
          const reports = walk.map((report) => ({ ...report, caravanId }));
          // Arrival: a random order, sent in groups of random size at once (a phone's queue, a batch).
          const pending = [...reports];
          const arrival: Report[] = [];
          for (let at = 0; pending.length > 0; at++)
            arrival.push(pending.splice(order[at % order.length]! % pending.length, 1)[0]!);
          for (let from = 0, at = 0; from < arrival.length; at++) {
            const size = 1 + (order[at % order.length]! % 5);
            await Promise.all(arrival.slice(from, from + size).map((report) => store.insertReport(report)));
            from += size;
          }
          const flagged = (await store.listReports(caravanId, { limit: 1_000 })).filter((report) => report.flags.length > 0);
          expect(new Set(flagged.map((report) => report.id))).toEqual(strayIds);
          await expectJudgedAsAWhole(caravanId, reports);

          for (const pick of toggles) {
            const report = reports[pick % reports.length]!;
            report.hidden = !report.hidden;
            await store.setHidden(caravanId, report.id, report.hidden);
          }
          await expectJudgedAsAWhole(caravanId, reports);
          for (const report of reports.filter((hidden) => hidden.hidden)) {
            report.hidden = false;
            await store.setHidden(caravanId, report.id, false);
          }
          const restored = (await store.listReports(caravanId, { limit: 1_000 })).filter((report) => report.flags.length > 0);
          expect(new Set(restored.map((report) => report.id))).toEqual(strayIds);
          await store.takeUnpushed(caravanId);
        },
      ),
      { numRuns: kind === 'redis' ? 40 : 150 },
    );
  });
});
