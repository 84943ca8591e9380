import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/store/keys';
import { RedisStore } from '../../src/store/redis-store';
import { makeCaravan, makeReport, newCaravanId } from '../helper';
import { OwnRedis } from '../ops/own-redis';

/**
 * Regression: ioredis resolves a pipeline whose commands failed, each reply carrying its error.
 * The store read those replies as data (a TypeError, a 500) or dropped them silently; it must throw
 * the command's own error, which the error handler maps (a lost connection: 503 with Retry-After).
 */
describe('RedisStore when a pipelined command fails', () => {
  // A Redis of its own: the broken keys below would break every other test file's caravan list.
  let redis: OwnRedis;
  let store: RedisStore;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    store = new RedisStore(redis.url);
  });
  afterAll(async () => {
    await store?.close();
    await redis?.destroy();
  });

  /** A caravan whose track key holds a string, so every sorted-set command on it fails. */
  async function brokenTrack(): Promise<string> {
    const caravanId = newCaravanId('pipeline');
    await store.createCaravan(makeCaravan(caravanId));
    await store.redis.set(keys.track(caravanId), 'not a sorted set');
    return caravanId;
  }

  it('throws the failed command’s error from the summary facts', async () => {
    await expect(store.trackFacts(await brokenTrack())).rejects.toThrow(/WRONGTYPE/);
  });

  it('throws the failed command’s error from an insert', async () => {
    const caravanId = await brokenTrack();
    const report = makeReport(caravanId, { id: 'p-1', lng: -92.26, lat: 14.9, recordedAt: '2024-01-01T00:00:00Z' });
    await expect(store.insertReport(report)).rejects.toThrow(/WRONGTYPE/);
  });

  it('throws instead of leaving a caravan out of the list', async () => {
    const caravanId = newCaravanId('pipeline');
    await store.redis.zadd(keys.caravanIndex, '0', caravanId);
    await store.redis.hset(keys.caravan(caravanId), 'not', 'a string');
    await expect(store.listCaravans()).rejects.toThrow(/WRONGTYPE/);
  });
});
