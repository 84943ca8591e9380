import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LeasedRateCounts, MemoryWindowCounts, RedisWindowCounts, type WindowCounts } from '../../src/plugins/rate-counts';
import { TEST_REDIS_URL } from '../helper';

const WINDOW_MS = 60_000;
const redis = new Redis(TEST_REDIS_URL);
afterAll(() => redis.quit());

/** Real shared counts that also tell how often they were asked (what costs a round trip). */
function counted(counts: WindowCounts): WindowCounts & { asked: number } {
  const wrapper = {
    asked: 0,
    add(key: string, amount: number, windowMs: number) {
      wrapper.asked++;
      return counts.add(key, amount, windowMs);
    },
  };
  return wrapper;
}

/** Sends `count` requests of `key`, `inFlight` at a time; answers how many were let through. */
async function allowedOf(counts: LeasedRateCounts, key: string, max: number, count: number, inFlight = 1): Promise<number> {
  let allowed = 0;
  for (let sent = 0; sent < count; sent += inFlight) {
    const wave = Array.from({ length: Math.min(inFlight, count - sent) }, () => counts.take(key, max));
    for (const decision of await Promise.all(wave)) if (decision.allowed) allowed++;
  }
  return allowed;
}

const newKey = () => `test:${randomBytes(6).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const backends: Array<[string, () => WindowCounts]> = [
  ['memory', () => new MemoryWindowCounts()],
  ['redis', () => new RedisWindowCounts(redis, `rumbo:test-rate:${randomBytes(4).toString('hex')}:`)],
];

describe.each(backends)('leased rate counts on %s counts', (_kind, makeCounts) => {
  it('lets exactly the limit through, then refuses, saying what is left and when the window ends', async () => {
    const counts = new LeasedRateCounts(makeCounts(), WINDOW_MS);
    const key = newKey();
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await counts.take(key, 3));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0, 0]);
    for (const { resetSeconds } of decisions) expect(resetSeconds >= 59 && resetSeconds <= 60).toBe(true);
  });

  it('asks the shared count a few times for a busy key, not once per request, and never lets more through than the limit', async () => {
    const shared = counted(makeCounts());
    const counts = new LeasedRateCounts(shared, WINDOW_MS);
    const key = newKey();
    expect(await allowedOf(counts, key, 1_000_000, 20_000, 100)).toBe(20_000);
    expect(shared.asked).toBeLessThan(200);

    const limited = newKey();
    expect(await allowedOf(counts, limited, 5_000, 8_000, 100)).toBe(5_000);
  });

  it('counts a refused window without asking again until it ends, then starts a new one', async () => {
    const shared = counted(makeCounts());
    const counts = new LeasedRateCounts(shared, 300);
    const key = newKey();
    expect(await allowedOf(counts, key, 2, 3)).toBe(2);
    const askedAtRefusal = shared.asked;
    expect(await allowedOf(counts, key, 2, 20, 5)).toBe(0);
    expect(shared.asked).toBe(askedAtRefusal);
    await sleep(350);
    expect(await allowedOf(counts, key, 2, 3)).toBe(2);
  });
});

describe.each(backends)('deciding in process, without a promise, on %s counts', (_kind, makeCounts) => {
  it('spends a lease in hand and refuses a used-up window; anything else is left to take, which asks', async () => {
    const shared = counted(makeCounts());
    const counts = new LeasedRateCounts(shared, WINDOW_MS);
    const key = newKey();
    expect(counts.takeNow(key, 100)).toBeUndefined(); // nothing leased yet
    expect((await counts.take(key, 100)).allowed).toBe(true); // leases one
    expect(counts.takeNow(key, 100)).toBeUndefined(); // spent: a new lease is needed
    expect((await counts.take(key, 100)).allowed).toBe(true); // busy: leases two, one to spare
    expect(shared.asked).toBe(2);
    expect(counts.takeNow(key, 100)).toMatchObject({ allowed: true, remaining: 97 });
    expect(counts.takeNow(key, 100)).toBeUndefined();
    expect(shared.asked).toBe(2);

    const used = newKey();
    expect(await allowedOf(counts, used, 2, 2)).toBe(2);
    const askedBefore = shared.asked;
    expect(counts.takeNow(used, 2)).toMatchObject({ allowed: false, remaining: 0 });
    expect(shared.asked).toBe(askedBefore);
  });

  it('leaves a key whose lease is being asked for to take, and never lets more than the limit through either way', async () => {
    const counts = new LeasedRateCounts(makeCounts(), WINDOW_MS);
    const key = newKey();
    const asking = counts.take(key, 40);
    expect(counts.takeNow(key, 40)).toBeUndefined();
    let allowed = (await asking).allowed ? 1 : 0;
    for (let request = 1; request < 100; request++) {
      const decision = counts.takeNow(key, 40) ?? (await counts.take(key, 40));
      if (decision.allowed) allowed++;
    }
    expect(allowed).toBe(40);
  });
});

describe('leased rate counts across instances on one Redis', () => {
  const instances = () => {
    const prefix = `rumbo:test-rate:${randomBytes(4).toString('hex')}:`;
    return [0, 1].map(() => counted(new RedisWindowCounts(redis, prefix)));
  };

  it('sees every request of a quiet key on every instance at once, as one count', async () => {
    const [first, second] = instances().map((shared) => new LeasedRateCounts(shared, WINDOW_MS));
    const key = newKey();
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push((await (i % 2 === 0 ? first! : second!).take(key, 4)).allowed);
    expect(allowed).toEqual([true, true, true, true, false, false]);
  });

  it('lets exactly the limit through two busy instances together, each spending what it leased', async () => {
    const shared = instances();
    const [first, second] = shared.map((counts) => new LeasedRateCounts(counts, WINDOW_MS));
    const key = newKey();
    const [a, b] = await Promise.all([allowedOf(first!, key, 3_000, 4_000, 50), allowedOf(second!, key, 3_000, 4_000, 50)]);
    expect(a + b).toBe(3_000);
    expect(Math.min(a, b)).toBeGreaterThan(500);
    expect(shared[0]!.asked + shared[1]!.asked).toBeLessThan(400);
  });

  it('throws when Redis cannot be reached, so the caller can let the request through', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    unreachable.on('error', () => {});
    try {
      const counts = new LeasedRateCounts(new RedisWindowCounts(unreachable, 'rumbo:test-rate:'), WINDOW_MS);
      await expect(counts.take(newKey(), 3)).rejects.toThrow();
      await expect(counts.take(newKey(), 3)).rejects.toThrow();
    } finally {
      unreachable.disconnect();
    }
  });
});
