import type { Caravan, Report } from '@rumbo/shared';
import { DEFAULT_PLAUSIBILITY } from '@rumbo/shared/geo';
import { compareTrackOrder, isSpeedOutlier } from '@rumbo/shared/track';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkWithStrays } from '../../../shared/test/track/outlier-tracks';
import { keys } from '../../src/store/keys';
import { applyChangeKeys } from '../../src/store/lua/apply-change';
import { REPORTS_PER_READ, RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, closeStore, iso, legsKm, makeCaravan, makeReport, shuffled, walk } from '../helper';

const START_MS = Date.UTC(2024, 1, 1, 8);
/** The speed limit the stores judge by (DEFAULT_PLAUSIBILITY), as the reference judging uses it. */
const MAX_KMH = DEFAULT_PLAUSIBILITY.maxSpeedKmh;

/** What only the Redis store has to prove: several server instances share one Redis. */
describe('RedisStore', () => {
  let first: RedisStore;
  let second: RedisStore;

  beforeAll(() => {
    first = new RedisStore(TEST_REDIS_URL);
    second = new RedisStore(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await second.close();
    await closeStore(first);
  });

  it('reads a track far longer than one read holds (150,000 reports) whole and in order', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const count = 150_000;
    expect(count).toBeGreaterThan(100 * REPORTS_PER_READ);
    // What is tested is reading in chunks, whole and in order, not speed: a store whose commands
    // may take longer than production's 2 s, as they can on a busy two-core CI machine.
    const patient = new RedisStore(TEST_REDIS_URL, { commandTimeout: 60_000 });
    // Written as the insert script lays them out: inserting 150,000 one by one takes minutes.
    const reports = walk(count, START_MS, 60_000).map((input) => makeReport(caravan.id, input));
    for (let offset = 0; offset < count; offset += 10_000) {
      const part = reports.slice(offset, offset + 10_000);
      const scored = part.flatMap((report) => [Date.parse(report.recordedAt), report.id]);
      await patient.redis
        .pipeline()
        .hset(keys.reports(caravan.id), Object.fromEntries(part.map((report) => [report.id, JSON.stringify(report)])))
        .zadd(keys.all(caravan.id), ...scored)
        .zadd(keys.track(caravan.id), ...scored)
        .exec();
    }
    const track = await patient.listTrack(caravan.id, Date.parse(reports.at(-1)!.recordedAt), count);
    expect(track.map((report) => report.id)).toEqual(reports.map((report) => report.id));
    const all = await patient.listReports(caravan.id, { limit: count });
    await patient.close();
    expect(all).toHaveLength(count);
    expect(JSON.stringify(all.at(-1))).toBe(JSON.stringify(reports.at(-1)));
  }, 120_000);

  it('keeps count and traveledKm exact when two instances insert into one caravan at once', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const reports = walk(160, START_MS, 15 * 60_000).map((input) => makeReport(caravan.id, input));
    // Live reports mostly append at the end of the track: the gap both instances race for.
    const inOrderHalf = reports.slice(0, 80);
    const shuffledHalf = shuffled(reports.slice(80), 9);
    const results = await Promise.all([
      ...inOrderHalf.map((report, index) => (index % 2 ? first : second).insertReport(report)),
      ...shuffledHalf.map((report, index) => (index % 2 ? second : first).insertReport(report)),
      // The same report reaching both instances (a phone retrying through the load balancer).
      first.insertReport(reports[100]!),
      second.insertReport(reports[100]!),
    ]);

    expect(results.filter((result) => result.duplicate)).toHaveLength(2);
    const facts = await second.trackFacts(caravan.id);
    expect(facts.reportCount).toBe(160);
    expect(facts.latest!.id).toBe(reports.at(-1)!.id);
    expect(Math.abs(facts.traveledKm - legsKm(reports))).toBeLessThan(1e-6);
  });

  /**
   * Counts the window reads a store makes (READ_WINDOW_LUA), around its own command: the store
   * must not auto-pipeline, which calls the command by another way.
   */
  function countWindowReads(store: RedisStore): () => number {
    let reads = 0;
    const readWindow = store.redis.readWindow.bind(store.redis);
    store.redis.readWindow = (...args) => {
      reads++;
      return readWindow(...args);
    };
    return () => reads;
  }

  it('appends fixes that arrive in order with one script each: the window is read once, for the first', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const appending = new RedisStore(TEST_REDIS_URL, { enableAutoPipelining: false });
    const reads = countWindowReads(appending);
    try {
      const reports = walk(40, START_MS, 10 * 60_000).map((input) => makeReport(caravan.id, input));
      for (const report of reports) expect((await appending.insertReport(report)).duplicate).toBe(false);
      expect(reads()).toBe(1);
      // A fix sent again is refused by the script as stored, then read and answered as the duplicate.
      const again = await appending.insertReport(reports.at(-1)!);
      expect(again).toEqual({ duplicate: true, report: reports.at(-1) });
      const facts = await first.trackFacts(caravan.id);
      expect(facts.reportCount).toBe(40);
      expect(facts.traveledKm).toBeCloseTo(legsKm(reports), 6);
    } finally {
      await appending.close();
    }
  });

  /**
   * That the caravan holds `reports` (their `hidden` as the test left them) judged as judging the
   * whole track at once would: the same outliers flagged, the same track, the same traveledKm.
   */
  async function expectJudgedAsWhole(caravanId: string, reports: readonly Report[]): Promise<void> {
    const visible = reports.filter((report) => !report.hidden).sort(compareTrackOrder);
    const outliers = visible.filter((_, index) => isSpeedOutlier(visible, index, MAX_KMH)).map((report) => report.id);
    const track = visible.filter((report) => !outliers.includes(report.id));
    const stored = await first.listReports(caravanId, { limit: 1_000 });
    expect(stored).toHaveLength(reports.length);
    const flagged = stored.filter((report) => !report.hidden && report.flags.includes('implausible_speed'));
    expect(flagged.map((report) => report.id)).toEqual(outliers);
    expect(await first.redis.zrange(keys.track(caravanId), '0', '-1')).toEqual(track.map((report) => report.id));
    expect((await second.trackFacts(caravanId)).traveledKm).toBeCloseTo(legsKm(track), 6);
    await first.takeUnpushed(caravanId);
  }

  /**
   * Runs `send` for 15 walks with strays, each in a caravan of its own, its reports in fix order,
   * with picks that choose instances and hides; then checks the caravan is judged as judging the
   * whole track would.
   */
  async function forWalksWithStrays(send: (caravan: Caravan, reports: Report[], picks: number[]) => Promise<void>) {
    await fc.assert(
      fc.asyncProperty(
        walkWithStrays,
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        async ({ reports: walked }, picks) => {
          const caravan = makeCaravan();
          await first.createCaravan(caravan);
          const reports: Report[] = walked.map((report) => ({ ...report, caravanId: caravan.id })).sort(compareTrackOrder);
          await send(caravan, reports, picks);
          await expectJudgedAsWhole(caravan.id, reports);
        },
      ),
      { numRuns: 15 },
    );
  }

  /** Lets the microtasks queued so far run, and no I/O: a reply from Redis cannot arrive meanwhile. */
  async function withoutIo(): Promise<void> {
    for (let turn = 0; turn < 50; turn++) await Promise.resolve();
  }

  /** Logs when each insert script a store runs is sent and when its reply comes back. */
  function logApplies(store: RedisStore): string[] {
    const log: string[] = [];
    const applyChange = store.redis.applyChange.bind(store.redis);
    let sent = 0;
    store.redis.applyChange = async (...args) => {
      const number = ++sent;
      log.push(`sent ${number}`);
      const reply = await applyChange(...args);
      log.push(`${reply[0]} ${number}`);
      return reply;
    };
    return log;
  }

  it('sends the next batch of appends while the one before is in Redis, planned on the tail it will leave', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const appending = new RedisStore(TEST_REDIS_URL, { enableAutoPipelining: false });
    const reads = countWindowReads(appending);
    const applies = logApplies(appending);
    try {
      const reports = walk(6, START_MS, 10 * 60_000).map((input) => makeReport(caravan.id, input));
      await appending.insertReport(reports[0]!);
      const firstBatch = appending.insertReport(reports[1]!);
      await withoutIo();
      const secondBatch = appending.insertReport(reports[2]!);
      await withoutIo();
      expect(applies.slice(2)).toEqual(['sent 2', 'sent 3']);
      expect((await Promise.all([firstBatch, secondBatch])).map((result) => result.duplicate)).toEqual([false, false]);
      expect(applies.slice(2)).toEqual(['sent 2', 'sent 3', 'ok 2', 'ok 3']);
      expect(reads()).toBe(1);
      const facts = await first.trackFacts(caravan.id);
      expect(facts.latest?.id).toBe(reports[2]!.id);
      expect(facts.traveledKm).toBeCloseTo(legsKm(reports.slice(0, 3)), 6);
    } finally {
      await appending.close();
    }
  });

  it('refuses a batch planned on one in flight that was refused, even when another write made the revision it expected', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const appending = new RedisStore(TEST_REDIS_URL, { enableAutoPipelining: false });
    const applies = logApplies(appending);
    try {
      const reports = walk(4, START_MS, 10 * 60_000).map((input) => makeReport(caravan.id, input));
      await appending.insertReport(reports[0]!);
      // Another instance appends a fix after the first: this instance's tail is one write behind.
      await second.insertReport(reports[1]!);
      // Two batches in flight from the stale tail: the first expects the revision before that
      // write, the second the one after it, which that write made; both must be refused and read.
      const firstBatch = appending.insertReport(reports[2]!);
      await withoutIo();
      const secondBatch = appending.insertReport(reports[3]!);
      expect((await Promise.all([firstBatch, secondBatch])).map((result) => result.duplicate)).toEqual([false, false]);
      expect(applies.slice(2, 6)).toEqual(['sent 2', 'sent 3', 'retry 2', 'retry 3']);
      const facts = await first.trackFacts(caravan.id);
      expect(facts.reportCount).toBe(4);
      expect(facts.traveledKm).toBeCloseTo(legsKm(reports), 6);
      expect(await first.redis.zrange(keys.track(caravan.id), '0', '-1')).toEqual(reports.map((report) => report.id));
    } finally {
      await appending.close();
    }
  });

  it('judges fixes sent in bursts through two instances at once, hides among them, as judging the whole track would', async () => {
    await forWalksWithStrays(async (caravan, reports, picks) => {
      // Bursts of fixes in fix order, each burst's fixes to the instances at once, with no
      // wait between them: batches pile up in flight on both, and a hide now and then.
      let next = 0;
      for (const [burst, pick] of picks.entries()) {
        const from = next;
        const sent = reports.slice(from, from + 1 + (pick % 6));
        next = from + sent.length;
        // Now and then the fix before the burst is hidden while the burst is in flight.
        const hiding = burst % 4 === 3 ? reports[from - 1] : undefined;
        await Promise.all([
          ...sent.map((report, index) => ((pick + index) % 3 ? first : second).insertReport(report)),
          ...(hiding ? [second.setHidden(caravan.id, hiding.id, true).then(() => (hiding.hidden = true))] : []),
        ]);
      }
      await Promise.all(reports.slice(next).map((report, index) => (index % 2 ? first : second).insertReport(report)));
    });
  }, 60_000);

  it('judges fixes appended through two instances, hides among them, as judging the whole track would', async () => {
    await forWalksWithStrays(async (caravan, reports, picks) => {
      // In fix order, each to the instance a pick says (a load balancer), now and then hidden
      // or sent again through the other one: each instance's tail goes stale under it.
      for (const [index, report] of reports.entries()) {
        const pick = picks[index % picks.length]!;
        const [via, other] = pick % 2 ? [first, second] : [second, first];
        expect((await via.insertReport(report)).duplicate).toBe(false);
        if (pick % 7 === 3) expect((await other.insertReport(report)).duplicate).toBe(true);
        if (pick % 11 === 5) {
          report.hidden = true;
          await other.setHidden(caravan.id, report.id, true);
        }
      }
    });
  }, 60_000);

  it('judges a caravan written by an earlier version again on its first write: the stray flagged, its victims not', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    // As the earlier version left it: each fix judged against the one before, so the six real
    // fixes after a test fix in Mexico City are flagged and off the track; no candidates set.
    const stray = makeReport(caravan.id, { id: 'test-fix', lng: -99.1332, lat: 19.4326, recordedAt: iso(START_MS) });
    const tapachula = Array.from({ length: 6 }, (_, n) => ({
      ...makeReport(caravan.id, {
        id: `tap-${n}`,
        lng: -92.2633 + 0.002 * n,
        lat: 14.9056,
        recordedAt: iso(START_MS + (10 + 5 * n) * 60_000),
      }),
      flags: n === 0 ? ['implausible_speed' as const] : [],
    }));
    const old = [stray, ...tapachula];
    await first.redis
      .pipeline()
      .hset(keys.reports(caravan.id), Object.fromEntries(old.map((report) => [report.id, JSON.stringify(report)])))
      .zadd(keys.all(caravan.id), ...old.flatMap((report) => [Date.parse(report.recordedAt), report.id]))
      .zadd(
        keys.track(caravan.id),
        Date.parse(stray.recordedAt),
        stray.id,
        ...tapachula.slice(1).flatMap((report) => [Date.parse(report.recordedAt), report.id]),
      )
      .hdel(keys.state(caravan.id), 'layout')
      .exec();
    const upgrading = new RedisStore(TEST_REDIS_URL);
    try {
      const next = makeReport(caravan.id, { id: 'tap-6', lng: -92.2513, lat: 14.9056, recordedAt: iso(START_MS + 40 * 60_000) });
      expect((await upgrading.insertReport(next)).report.flags).toEqual([]);
      const stored = await upgrading.listReports(caravan.id, { limit: 10 });
      expect(stored.filter((report) => report.flags.length > 0).map((report) => report.id)).toEqual(['test-fix']);
      const track = [...tapachula, next];
      expect(await first.redis.zrange(keys.track(caravan.id), '0', '-1')).toEqual(track.map((report) => report.id));
      expect(await first.redis.zrange(keys.candidates(caravan.id), '0', '-1')).toEqual(
        [stray, ...track].map((report) => report.id),
      );
      const facts = await upgrading.trackFacts(caravan.id);
      expect(facts.latest?.id).toBe('tap-6');
      expect(facts.traveledKm).toBeCloseTo(legsKm(track), 6);
    } finally {
      await upgrading.close();
    }
  });

  /**
   * APPLY_CHANGE_LUA's arguments for a change that stores `reports` as new on the track (the layout
   * its doc comment gives), planned on revision `revision`.
   */
  function storingChange(caravanId: string, revision: string, reports: readonly Report[]): string[] {
    const scored = reports.flatMap((report) => [String(Date.parse(report.recordedAt)), report.id]);
    return [
      ...applyChangeKeys(caravanId),
      revision,
      '',
      'test-writer',
      '0',
      '0',
      String(reports.length),
      ...reports.flatMap((report) => [report.id, JSON.stringify(report)]),
      's'.repeat(reports.length),
      ...[String(reports.length), ...scored],
      ...[String(reports.length), ...scored],
      '0',
      ...[String(reports.length), ...scored],
      '0',
    ];
  }

  it('applies a change of more reports than one Lua call takes, all or nothing, and hands out its pushes oldest first', async () => {
    // The script adds a change's members in calls of at most 1,000 arguments: Lua unpacks fewer
    // than 8,000 into one call, and 4,500 reports are 9,000 (id, JSON) arguments to HSET. No insert
    // sends that many in one change (MAX_BATCH_REPORTS), so the script is called here directly.
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    const reports = walk(4_500, START_MS, 60_000).map((input) => makeReport(caravan.id, input));
    const redis = first.redis as unknown as { applyChange(...args: string[]): Promise<[string, number?]> };

    // One of them stored already, in the last call's share: nothing of the change lands.
    await first.insertReport(reports.at(-1)!);
    await first.takeUnpushed(caravan.id);
    expect(await redis.applyChange(...storingChange(caravan.id, '1', reports))).toEqual(['retry']);
    expect(await first.redis.hlen(keys.reports(caravan.id))).toBe(1);
    expect(await first.redis.zcard(keys.unpushed(caravan.id))).toBe(0);

    const fresh = reports.slice(0, -1);
    expect(await redis.applyChange(...storingChange(caravan.id, '1', fresh))).toEqual(['ok', 2]);
    expect(await first.redis.hlen(keys.reports(caravan.id))).toBe(reports.length);
    for (const key of [keys.all, keys.candidates, keys.track])
      expect(await first.redis.zrange(key(caravan.id), '0', '-1')).toEqual(reports.map((report) => report.id));
    const pushed = await first.takeUnpushed(caravan.id);
    expect(pushed.stored.map((report) => report.id)).toEqual(fresh.map((report) => report.id));
    expect(pushed.stored.at(-1)).toEqual(fresh.at(-1));
    expect(pushed.updated).toEqual([]);
    expect(await first.takeUnpushed(caravan.id)).toEqual({ stored: [], updated: [] });
  });

  it('keeps every key of a caravan in one cluster slot (hash tag {caravanId})', async () => {
    const caravan = makeCaravan();
    await first.createCaravan(caravan);
    await first.insertReport(makeReport(caravan.id, walk(1, START_MS)[0]!));
    const stored = await first.redis.keys(`rumbo:{${caravan.id}}:*`);
    expect(stored.sort()).toEqual(
      [
        keys.all(caravan.id),
        keys.candidates(caravan.id),
        keys.caravan(caravan.id),
        keys.reports(caravan.id),
        keys.state(caravan.id),
        keys.track(caravan.id),
        keys.unpushed(caravan.id),
      ].sort(),
    );
  });
});
