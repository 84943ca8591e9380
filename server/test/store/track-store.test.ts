import type { Report } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackStore } from '../../src/store/track-store';
import { HOUR_MS, closeStore, iso, legsKm, makeCaravan, makeReport, newCaravanId, shuffled, stores, walk } from '../helper';

const START_MS = Date.UTC(2024, 0, 10, 8);

/** traveledKm computed the slow, obvious way: sum the legs of the sorted visible, unflagged track. */
function straightTraveledKm(reports: readonly Report[]): number {
  const track = reports
    .filter((report) => !report.hidden && report.flags.length === 0)
    .sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || (a.id < b.id ? -1 : 1));
  return legsKm(track);
}

describe.each(stores)('TrackStore contract: %s', (kind, makeStore) => {
  let store: TrackStore;

  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => {
    await closeStore(store);
  });

  /** A new caravan in the store, with its reports built from walk-like inputs. */
  async function newCaravan(): Promise<string> {
    const caravan = makeCaravan();
    expect(await store.createCaravan(caravan)).toBe(true);
    return caravan.id;
  }

  it(`is the ${kind} store`, () => {
    expect(store.kind).toBe(kind);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('caravans', () => {
    it('creates a caravan once: a second create with the same id is false and keeps the first', async () => {
      const first = makeCaravan();
      expect(await store.createCaravan(first)).toBe(true);
      expect(await store.createCaravan({ ...first, name: 'An impostor' })).toBe(false);
      expect(await store.getCaravan(first.id)).toEqual(first);
    });

    it('answers null for an unknown caravan and lists the ones it has', async () => {
      expect(await store.getCaravan(newCaravanId())).toBeNull();
      const caravan = makeCaravan();
      await store.createCaravan(caravan);
      const listed = await store.listCaravans();
      expect(listed).toContainEqual(caravan);
    });

    it('hands out copies: changing a returned caravan does not change the stored one', async () => {
      const caravan = makeCaravan();
      await store.createCaravan(caravan);
      const read = (await store.getCaravan(caravan.id))!;
      read.name = 'changed by a caller';
      expect((await store.getCaravan(caravan.id))!.name).toBe(caravan.name);
    });
  });

  describe('insertReport', () => {
    it('is idempotent: the same id twice stores one report and returns the first stored version', async () => {
      const caravanId = await newCaravan();
      const first = makeReport(caravanId, { id: 'same', lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS), note: 'first' });
      const second = makeReport(caravanId, {
        id: 'same',
        lng: -93,
        lat: 15.5,
        recordedAt: iso(START_MS + HOUR_MS),
        note: 'second',
      });

      const inserted = await store.insertReport(first);
      const repeated = await store.insertReport(second);

      expect(inserted).toEqual({ duplicate: false, report: first });
      expect(repeated).toEqual({ duplicate: true, report: first });
      expect(await store.listReports(caravanId, { limit: 100 })).toEqual([first]);
      expect((await store.trackFacts(caravanId)).reportCount).toBe(1);
    });

    it('keys idempotency per caravan: the same report id in two caravans is two reports', async () => {
      const [a, b] = [await newCaravan(), await newCaravan()];
      const input = { id: 'shared-id', lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS) };
      expect((await store.insertReport(makeReport(a, input))).duplicate).toBe(false);
      expect((await store.insertReport(makeReport(b, input))).duplicate).toBe(false);
      expect(await store.listReports(b, { limit: 10 })).toHaveLength(1);
    });
  });

  describe('listReports', () => {
    it('lists reports in recordedAt order even when they arrive out of order', async () => {
      const caravanId = await newCaravan();
      const reports = walk(20, START_MS).map((input) => makeReport(caravanId, input));
      for (const report of shuffled(reports, 7)) await store.insertReport(report);

      const listed = await store.listReports(caravanId, { limit: 100 });
      expect(listed.map((report) => report.id)).toEqual(reports.map((report) => report.id));
      expect(listed).toEqual(reports);
    });

    it('orders reports with the same fix time by id', async () => {
      const caravanId = await newCaravan();
      for (const id of ['c', 'a', 'b']) {
        await store.insertReport(makeReport(caravanId, { id, lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS) }));
      }
      expect((await store.listReports(caravanId, { limit: 10 })).map((report) => report.id)).toEqual(['a', 'b', 'c']);
    });

    it('bounds the list by since and until (both inclusive) and by limit', async () => {
      const caravanId = await newCaravan();
      const reports = walk(10, START_MS).map((input) => makeReport(caravanId, input));
      for (const report of shuffled(reports, 3)) await store.insertReport(report);
      const ids = (list: Report[]) => list.map((report) => report.id);
      const expected = (from: number, to: number) => reports.slice(from, to).map((report) => report.id);

      expect(ids(await store.listReports(caravanId, { sinceMs: START_MS + 3 * HOUR_MS, limit: 100 }))).toEqual(expected(3, 10));
      expect(ids(await store.listReports(caravanId, { untilMs: START_MS + 3 * HOUR_MS, limit: 100 }))).toEqual(expected(0, 4));
      expect(
        ids(await store.listReports(caravanId, { sinceMs: START_MS + 2 * HOUR_MS, untilMs: START_MS + 5 * HOUR_MS, limit: 100 })),
      ).toEqual(expected(2, 6));
      expect(ids(await store.listReports(caravanId, { sinceMs: START_MS + 2 * HOUR_MS + 1, limit: 3 }))).toEqual(expected(3, 6));
      expect(ids(await store.listReports(caravanId, { limit: 1 }))).toEqual(expected(0, 1));
      expect(await store.listReports(caravanId, { sinceMs: START_MS + 100 * HOUR_MS, limit: 100 })).toEqual([]);
    });

    it('lists nothing for an unknown caravan', async () => {
      expect(await store.listReports(newCaravanId(), { limit: 10 })).toEqual([]);
    });
  });

  describe('trackFacts', () => {
    it('has no latest, no window and no distance before the first report', async () => {
      const caravanId = await newCaravan();
      expect(await store.trackFacts(caravanId)).toEqual({
        reportCount: 0,
        latest: null,
        windowStart: null,
        traveledKm: 0,
        revisionCount: 0,
      });
    });

    it('takes latest from the newest fix time, not the last arrival: a late older report does not move it back', async () => {
      const caravanId = await newCaravan();
      const [early, middle, late] = walk(3, START_MS).map((input) => makeReport(caravanId, input));
      await store.insertReport(late!);
      await store.insertReport(early!);
      expect((await store.trackFacts(caravanId)).latest).toEqual(late);
      await store.insertReport(middle!);

      const facts = await store.trackFacts(caravanId);
      expect(facts.latest).toEqual(late);
      expect(facts.reportCount).toBe(3);
    });

    it('never takes a flagged or hidden report as latest, even when it is the newest, but counts it', async () => {
      const caravanId = await newCaravan();
      const [visible] = walk(1, START_MS).map((input) => makeReport(caravanId, input));
      const hidden = makeReport(
        caravanId,
        { id: 'hidden', lng: -93, lat: 16, recordedAt: iso(START_MS + HOUR_MS) },
        { hidden: true },
      );
      const lowAccuracy = makeReport(caravanId, {
        id: 'cell-tower',
        lng: -94,
        lat: 17,
        recordedAt: iso(START_MS + 2 * HOUR_MS),
        accuracyM: 2_000,
      });
      expect(lowAccuracy.flags).toEqual(['low_accuracy']);

      await store.insertReport(visible!);
      await store.insertReport(hidden);
      await store.insertReport(lowAccuracy);

      const facts = await store.trackFacts(caravanId);
      expect(facts.latest).toEqual(visible);
      expect(facts.windowStart).toEqual(visible);
      expect(facts.reportCount).toBe(3);
      expect(facts.traveledKm).toBe(0);
      expect((await store.listReports(caravanId, { limit: 10 })).map((report) => report.id)).toEqual([
        visible!.id,
        'hidden',
        'cell-tower',
      ]);
    });

    it('has no latest when every report is off the track', async () => {
      const caravanId = await newCaravan();
      const report = makeReport(caravanId, { lng: -93, lat: 16, recordedAt: iso(START_MS) }, { hidden: true });
      await store.insertReport(report);
      expect(await store.trackFacts(caravanId)).toEqual({
        reportCount: 1,
        latest: null,
        windowStart: null,
        traveledKm: 0,
        revisionCount: 0,
      });
    });

    it('keeps traveledKm equal to the sum of legs over the sorted track, whatever the insertion order', async () => {
      const caravanId = await newCaravan();
      const onTrack = walk(40, START_MS, 37 * 60_000).map((input) => makeReport(caravanId, input));
      // Off-track reports in the middle of the walk must not split any leg.
      const offTrack = [
        makeReport(caravanId, { id: 'x-hidden', lng: -95, lat: 18, recordedAt: iso(START_MS + 5 * HOUR_MS) }, { hidden: true }),
        makeReport(caravanId, { id: 'x-coarse', lng: -96, lat: 19, recordedAt: iso(START_MS + 9 * HOUR_MS), accuracyM: 3_000 }),
      ];
      // Jittery fixes at one spot: legs within their accuracy count as zero.
      const atRest = [0, 1, 2].map((i) =>
        makeReport(caravanId, {
          id: `rest-${i}`,
          lng: -92.2633 + i * 0.0001,
          lat: 14.9056,
          recordedAt: iso(START_MS - (3 - i) * HOUR_MS),
          accuracyM: 30,
        }),
      );
      const all = [...onTrack, ...offTrack, ...atRest];
      for (const report of shuffled(all, 11)) await store.insertReport(report);

      const facts = await store.trackFacts(caravanId);
      const expectedKm = straightTraveledKm(all);
      expect(expectedKm).toBeGreaterThan(50);
      expect(Math.abs(facts.traveledKm - expectedKm)).toBeLessThan(1e-6);
    });

    it('gives the same traveledKm for in-order and shuffled insertion of the same track', async () => {
      const [inOrder, scrambled] = [await newCaravan(), await newCaravan()];
      const inputs = walk(30, START_MS);
      for (const input of inputs) await store.insertReport(makeReport(inOrder, input));
      for (const input of shuffled(inputs, 5)) await store.insertReport(makeReport(scrambled, input));
      const [a, b] = [await store.trackFacts(inOrder), await store.trackFacts(scrambled)];
      expect(Math.abs(a.traveledKm - b.traveledKm)).toBeLessThan(1e-6);
      expect(b.latest!.id).toBe(inputs.at(-1)!.id);
    });

    it('opens the speed window at the newest fix at or before latest − 24 h', async () => {
      const caravanId = await newCaravan();
      const atMinus30h = makeReport(caravanId, {
        id: 'minus-30h',
        lng: -92.3,
        lat: 15.0,
        recordedAt: iso(START_MS - 30 * HOUR_MS),
      });
      const atMinus24h = makeReport(caravanId, {
        id: 'minus-24h',
        lng: -92.5,
        lat: 15.3,
        recordedAt: iso(START_MS - 24 * HOUR_MS),
      });
      const atMinus20h = makeReport(caravanId, {
        id: 'minus-20h',
        lng: -92.7,
        lat: 15.6,
        recordedAt: iso(START_MS - 20 * HOUR_MS),
      });
      const latest = makeReport(caravanId, { id: 'now', lng: -93, lat: 16, recordedAt: iso(START_MS) });
      for (const report of [latest, atMinus20h, atMinus30h, atMinus24h]) await store.insertReport(report);

      const facts = await store.trackFacts(caravanId);
      expect(facts.latest!.id).toBe('now');
      expect((facts.windowStart as Report).id).toBe('minus-24h');
    });

    it('skips a newer off-track fix when opening the window', async () => {
      const caravanId = await newCaravan();
      const old = makeReport(caravanId, { id: 'old', lng: -92.3, lat: 15.0, recordedAt: iso(START_MS - 40 * HOUR_MS) });
      const hidden = makeReport(
        caravanId,
        { id: 'hidden', lng: -92.5, lat: 15.3, recordedAt: iso(START_MS - 25 * HOUR_MS) },
        { hidden: true },
      );
      const latest = makeReport(caravanId, { id: 'now', lng: -93, lat: 16, recordedAt: iso(START_MS) });
      for (const report of [latest, hidden, old]) await store.insertReport(report);
      expect(((await store.trackFacts(caravanId)).windowStart as Report).id).toBe('old');
    });

    it('opens the window at the oldest fix when the track is shorter than 24 h', async () => {
      const caravanId = await newCaravan();
      const reports = walk(5, START_MS).map((input) => makeReport(caravanId, input));
      for (const report of shuffled(reports, 2)) await store.insertReport(report);
      const facts = await store.trackFacts(caravanId);
      expect((facts.windowStart as Report).id).toBe(reports[0]!.id);
      expect(facts.latest!.id).toBe(reports[4]!.id);
    });

    it('survives concurrent inserts: exact count and traveledKm, duplicates stored once', async () => {
      const caravanId = await newCaravan();
      const reports = walk(200, START_MS, 10 * 60_000).map((input) => makeReport(caravanId, input));
      // Every tenth report is sent twice at once, as a phone retrying over a flaky network would.
      const resent = reports.filter((_, index) => index % 10 === 0);
      const results = await Promise.all(shuffled([...reports, ...resent], 42).map((report) => store.insertReport(report)));

      expect(results.filter((result) => !result.duplicate)).toHaveLength(200);
      expect(results.filter((result) => result.duplicate)).toHaveLength(resent.length);
      const listed = await store.listReports(caravanId, { limit: 1_000 });
      expect(listed.map((report) => report.id)).toEqual(reports.map((report) => report.id));
      const facts = await store.trackFacts(caravanId);
      expect(facts.reportCount).toBe(200);
      expect(facts.latest!.id).toBe(reports.at(-1)!.id);
      expect(Math.abs(facts.traveledKm - straightTraveledKm(reports))).toBeLessThan(1e-6);
    });
    it('orders concurrent inserts with equal fix times by id and keeps traveledKm exact', async () => {
      // Regression for batched inserts: reports arriving together are planned as one batch, and
      // one whose place among equal fix times was computed in another order than Redis sorts
      // would be refused on every attempt.
      const caravanId = await newCaravan();
      // A few hundred metres apart, beside the walk's fix of that time: none is a speed outlier.
      const spots = [-92.2933, -92.2928, -92.2923, -92.2918, -92.2913, -92.2908];
      const tied = ['b', 'a-1', 'A', 'a', 'B_', 'a-'].map((id, index) =>
        makeReport(caravanId, { id: `tie-${id}`, lng: spots[index]!, lat: 14.9506, recordedAt: iso(START_MS) }),
      );
      const around = walk(6, START_MS - 3 * HOUR_MS, HOUR_MS, 'around').map((input) => makeReport(caravanId, input));
      await store.insertReport(tied[0]!);
      await store.insertReport(around[5]!);
      const results = await Promise.all(
        shuffled([...tied.slice(1), ...around.slice(0, 5), tied[3]!], 4).map((report) => store.insertReport(report)),
      );

      expect(results.filter((result) => result.duplicate)).toHaveLength(1);
      const all = [...tied, ...around];
      const listed = await store.listReports(caravanId, { limit: 100 });
      const trackOrder = [...all].sort(
        (a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)),
      );
      expect(listed.map((report) => report.id)).toEqual(trackOrder.map((report) => report.id));
      const facts = await store.trackFacts(caravanId);
      expect(facts.reportCount).toBe(all.length);
      expect(Math.abs(facts.traveledKm - straightTraveledKm(all))).toBeLessThan(1e-6);
    });

    it('answers a report sent twice at once as one stored and one duplicate of it', async () => {
      const caravanId = await newCaravan();
      const [input] = walk(1, START_MS);
      const first = makeReport(caravanId, input!);
      const again = makeReport(caravanId, { ...input!, lng: -93 });
      const [a, b] = await Promise.all([store.insertReport(first), store.insertReport(again)]);
      expect(a).toEqual({ duplicate: false, report: first });
      expect(b).toEqual({ duplicate: true, report: first });
      expect((await store.trackFacts(caravanId)).reportCount).toBe(1);
    });
  });

  describe('setHidden (moderation)', () => {
    it('takes a hidden report off the track, latest and traveledKm, and restores it exactly', async () => {
      const caravanId = await newCaravan();
      const reports = walk(6, START_MS).map((input) => makeReport(caravanId, input));
      for (const report of reports) await store.insertReport(report);
      const before = await store.trackFacts(caravanId);

      const hidden = await store.setHidden(caravanId, reports.at(-1)!.id, true);
      expect(hidden).toMatchObject({ id: reports.at(-1)!.id, hidden: true });
      const whileHidden = await store.trackFacts(caravanId);
      expect(whileHidden.latest!.id).toBe(reports.at(-2)!.id);
      expect(whileHidden.reportCount).toBe(6);
      expect(Math.abs(whileHidden.traveledKm - straightTraveledKm(reports.slice(0, 5)))).toBeLessThan(1e-6);
      expect((await store.getReport(caravanId, reports.at(-1)!.id))!.hidden).toBe(true);
      expect((await store.listReports(caravanId, { limit: 100 })).map((report) => report.id)).toHaveLength(6);

      expect(whileHidden.revisionCount).toBe(before.revisionCount + 1);

      expect((await store.setHidden(caravanId, reports.at(-1)!.id, false))!.hidden).toBe(false);
      const after = await store.trackFacts(caravanId);
      expect(after.revisionCount).toBe(before.revisionCount + 2);
      expect(after.latest!.id).toBe(before.latest!.id);
      expect(Math.abs(after.traveledKm - before.traveledKm)).toBeLessThan(1e-6);
    });

    it('keeps traveledKm equal to the visible track through shuffled hides and restores, some at once', async () => {
      const caravanId = await newCaravan();
      const reports = walk(40, START_MS).map((input) => makeReport(caravanId, input));
      for (const report of reports) await store.insertReport(report);
      const hiddenIds = new Set(
        shuffled(reports, 3)
          .slice(0, 15)
          .map((report) => report.id),
      );
      await Promise.all([...hiddenIds].map((id) => store.setHidden(caravanId, id, true)));
      const restored = [...hiddenIds].slice(0, 5);
      await Promise.all(restored.map((id) => store.setHidden(caravanId, id, false)));
      for (const id of restored) hiddenIds.delete(id);
      const visible = reports.map((report) => ({ ...report, hidden: hiddenIds.has(report.id) }));
      const facts = await store.trackFacts(caravanId);
      expect(Math.abs(facts.traveledKm - straightTraveledKm(visible))).toBeLessThan(1e-6);
      expect(facts.revisionCount).toBe(20);
    });

    it('answers null for an unknown report and changes nothing for a repeated hide', async () => {
      const caravanId = await newCaravan();
      const report = makeReport(caravanId, walk(1, START_MS)[0]!);
      await store.insertReport(report);
      expect(await store.setHidden(caravanId, 'no-such-report', true)).toBeNull();
      await store.setHidden(caravanId, report.id, true);
      expect((await store.setHidden(caravanId, report.id, true))!.hidden).toBe(true);
      const facts = await store.trackFacts(caravanId);
      expect(facts.latest).toBeNull();
      expect(facts.revisionCount).toBe(1);
    });
  });

  describe('updateCaravan', () => {
    it('replaces an existing caravan and refuses an unknown one', async () => {
      const caravan = makeCaravan();
      await store.createCaravan(caravan);
      expect(await store.updateCaravan({ ...caravan, name: 'Renamed', status: 'archived' })).toBe(true);
      expect(await store.getCaravan(caravan.id)).toMatchObject({ name: 'Renamed', status: 'archived' });
      expect(await store.updateCaravan({ ...makeCaravan(), id: newCaravanId() })).toBe(false);
    });
  });
});
