import type { Report } from '@rumbo/shared';
import { compareTrackOrder, isOnTrack } from '@rumbo/shared/track';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/store/keys';
import { MemoryStore } from '../../src/store/memory-store';
import { RedisStore } from '../../src/store/redis-store';
import type { TrackStore } from '../../src/store/track-store';
import { TEST_REDIS_URL, closeStore, iso, legsKm, makeCaravan, makeReport } from '../helper';

const RUNS = 100;
const START_MS = Date.UTC(2024, 0, 10, 8);

/** What a generated report varies in; the rest is a plain walk fix. */
interface ReportSpec {
  id: string;
  second: number;
  lng: number;
  lat: number;
  hidden: boolean;
  flagged: boolean;
}

/**
 * Report ids from a few characters that find order bugs (`-` < digits < upper case < `_` < lower
 * case in bytes, each class's ends), short so that they share prefixes; fix times from a few
 * seconds, so that many reports share one and only the ids order them.
 */
const reportSpec: fc.Arbitrary<ReportSpec> = fc.record({
  id: fc.string({ unit: fc.constantFrom('-', '0', '9', 'A', 'Z', '_', 'a', 'z'), minLength: 1, maxLength: 3 }),
  second: fc.integer({ min: 0, max: 3 }),
  // Within a few hundred metres: seconds apart, nothing here is a speed outlier (see speed-judging.test.ts).
  lng: fc.double({ min: -93.9005, max: -93.8995, noNaN: true }),
  lat: fc.double({ min: 16.2495, max: 16.2505, noNaN: true }),
  hidden: fc.boolean(),
  flagged: fc.boolean(),
});
const reportSpecs = fc.uniqueArray(reportSpec, { selector: (spec) => spec.id, minLength: 1, maxLength: 24 });

function reportsOf(caravanId: string, specs: readonly ReportSpec[]): Report[] {
  return specs.map(({ id, second, lng, lat, hidden, flagged }) => ({
    ...makeReport(caravanId, { id, lng, lat, recordedAt: iso(START_MS + second * 1_000), accuracyM: 10 }, { hidden }),
    flags: flagged ? ['low_accuracy' as const] : [],
  }));
}

const ids = (reports: readonly Report[]) => reports.map((report) => report.id);

describe('track order: compareTrackOrder is the order of the Redis sorted sets, the Lua scripts and both stores', () => {
  let memory: MemoryStore;
  let redis: RedisStore;

  beforeAll(() => {
    memory = new MemoryStore();
    redis = new RedisStore(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await closeStore(memory);
    await closeStore(redis);
  });

  /** A new caravan in both stores. */
  async function newCaravan(): Promise<string> {
    const caravan = makeCaravan();
    await memory.createCaravan(caravan);
    await redis.createCaravan(caravan);
    return caravan.id;
  }

  /** Checks the sorted sets and both stores' answers against the reports in compareTrackOrder. */
  async function expectTrackOrder(caravanId: string, reports: readonly Report[]): Promise<void> {
    const all = [...reports].sort(compareTrackOrder);
    const track = all.filter(isOnTrack);
    expect(await redis.redis.zrange(keys.all(caravanId), '0', '-1')).toEqual(ids(all));
    expect(await redis.redis.zrange(keys.track(caravanId), '0', '-1')).toEqual(ids(track));
    // Nothing here is doubted for its speed: the candidates are the track.
    expect(await redis.redis.zrange(keys.candidates(caravanId), '0', '-1')).toEqual(ids(track));
    for (const store of [memory, redis] satisfies TrackStore[]) {
      expect(ids(await store.listReports(caravanId, { limit: 1_000 }))).toEqual(ids(all));
      expect(ids(await store.listTrack(caravanId, Number.MAX_SAFE_INTEGER, 1_000))).toEqual(ids(track));
      expect((await store.trackFacts(caravanId)).traveledKm).toBeCloseTo(legsKm(track), 6);
    }
  }

  it('stores reports of colliding fix times and ids in that order, one at a time and in batches', async () => {
    await fc.assert(
      fc.asyncProperty(reportSpecs, fc.boolean(), async (specs, batched) => {
        const caravanId = await newCaravan();
        const reports = reportsOf(caravanId, specs);
        for (const report of reports) await memory.insertReport(report);
        // Inserts issued together go to Redis as one planned batch; one by one, each is planned alone.
        if (batched) await Promise.all(reports.map((report) => redis.insertReport(report)));
        else for (const report of reports) await redis.insertReport(report);
        await expectTrackOrder(caravanId, reports);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps that order as reports are hidden and restored', async () => {
    await fc.assert(
      fc.asyncProperty(reportSpecs, fc.array(fc.nat(), { maxLength: 8 }), async (specs, toggles) => {
        const caravanId = await newCaravan();
        const reports = reportsOf(caravanId, specs);
        for (const report of reports) await Promise.all([memory.insertReport(report), redis.insertReport(report)]);
        for (const pick of toggles) {
          const report = reports[pick % reports.length]!;
          report.hidden = !report.hidden;
          await memory.setHidden(caravanId, report.id, report.hidden);
          await redis.setHidden(caravanId, report.id, report.hidden);
        }
        await expectTrackOrder(caravanId, reports);
      }),
      { numRuns: RUNS },
    );
  });

  it('restores a hidden report that shares its fix time with another on the track (Redis retried until it gave up)', async () => {
    const caravanId = await newCaravan();
    const recordedAt = iso(START_MS);
    const reports = [
      makeReport(caravanId, { id: '-', lng: -93.9, lat: 16.2, recordedAt, accuracyM: 10 }),
      makeReport(caravanId, { id: 'A', lng: -93.9, lat: 16.2018, recordedAt, accuracyM: 10 }),
    ];
    for (const report of reports) await Promise.all([memory.insertReport(report), redis.insertReport(report)]);
    for (const hidden of [true, false]) {
      reports[0]!.hidden = hidden;
      for (const store of [memory, redis]) expect((await store.setHidden(caravanId, '-', hidden))?.hidden).toBe(hidden);
    }
    await expectTrackOrder(caravanId, reports);
  });
});
