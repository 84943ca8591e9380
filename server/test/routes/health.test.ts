import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store';
import { adminHeaders, buildTestApp, closeStore, stores } from '../helper';

describe.each(stores)('health on the %s store', (kind, makeStore) => {
  it('answers /healthz and /readyz, naming the store', async () => {
    const store = makeStore();
    const app = await buildTestApp({ store });
    try {
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', store: kind });
    } finally {
      await app.close();
      await closeStore(store);
    }
  });
});

describe('health when Redis is unreachable', () => {
  it('stays live but answers /readyz with 503 and Retry-After, and a report post with 503 without internals', async () => {
    // Port 1: nothing listens there. No retries, so the store gives up at once.
    const store = new RedisStore('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    store.redis.on('error', () => {});
    const app = await buildTestApp({ store });
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.json()).toEqual({ status: 'unavailable', store: 'redis' });

      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/caravans',
        headers: adminHeaders,
      });
      expect(list.statusCode).toBe(503);
      expect(list.headers['retry-after']).toBe('5');
      expect(list.json()).toEqual({ error: { code: 'store_unavailable', message: 'the store is unreachable; retry later' } });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
