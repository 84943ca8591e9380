import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, adminHeaders, closeStore, newCaravanId, testConfig } from '../helper';

describe('a server on Redis restarted', () => {
  const cleanup = new RedisStore(TEST_REDIS_URL);
  afterAll(() => closeStore(cleanup));

  it('still has every caravan and report it stored before', async () => {
    const caravanId = newCaravanId('restart');
    const config = testConfig({ redisUrl: TEST_REDIS_URL });
    const first = await buildApp({ config });
    expect(first.store.kind).toBe('redis');
    await first.inject({
      method: 'POST',
      url: '/api/v1/caravans',
      headers: adminHeaders,
      payload: { id: caravanId, name: 'Before restart' },
    });
    const posted = await first.inject({
      method: 'POST',
      url: `/api/v1/caravans/${caravanId}/reports`,
      headers: adminHeaders,
      payload: { id: 'kept', lng: -93.21, lat: 15.6862, recordedAt: '2024-01-02T15:00:00Z' },
    });
    expect(posted.statusCode).toBe(201);
    await first.close();

    const second = await buildApp({ config });
    const summary = await second.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({
      caravan: { name: 'Before restart' },
      reportCount: 1,
      latest: { id: 'kept', lat: 15.6862 },
    });
    await second.close();
  });
});
