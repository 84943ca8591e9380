import type { Report } from '@rumbo/shared';
import { legKm } from '@rumbo/shared/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/store/keys';
import { REPORTS_PER_READ, RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, closeStore, makeCaravan, makeReport, shuffled, walk } from '../helper';

const START_MS = Date.UTC(2024, 1, 1, 8);

const sumOfLegsKm = (track: readonly Report[]) =>
  track.slice(1).reduce((totalKm, report, index) => totalKm + legKm(track[index]!, report), 0);

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
    expect(Math.abs(facts.traveledKm - sumOfLegsKm(reports))).toBeLessThan(1e-6);
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
