import type { PublicSnapshot } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, adminHeaders, buildTestApp, closeStore, createCaravan, listen, postReports, walk } from '../helper';

describe('public snapshots on two server instances on one Redis', () => {
  const stores = [new RedisStore(TEST_REDIS_URL), new RedisStore(TEST_REDIS_URL)];
  let instances: App[];
  beforeAll(async () => {
    // Both clocks an hour ahead: fixes posted now have arrived a delay ago.
    const now = () => Date.now() + 3_600_000;
    instances = await Promise.all(stores.map((store) => buildTestApp({ store, config: { redisUrl: TEST_REDIS_URL }, now })));
    // Listening is not needed for inject, but the adapter's subscriptions are made by then.
    await Promise.all(instances.map(listen));
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(stores.map(closeStore));
  });

  const publicLatest = async (app: App, caravanId: string) =>
    JSON.stringify(
      (await app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` })).json<PublicSnapshot>().latest,
    );

  it('withdraws a report hidden on instance A from instance B at once, not when B’s snapshot expires', async () => {
    const [a, b] = instances as [App, App];
    const caravanId = await createCaravan(a);
    const reports = walk(3, Date.now() - 10 * 3_600_000);
    await postReports(a, caravanId, { reports });
    const shown = await publicLatest(b, caravanId);
    expect(JSON.parse(shown)).not.toBeNull();
    await a.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${reports[2]!.id}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    // B kept its snapshot (a few seconds): only A's message over the adapter can drop it this soon.
    // Hourly fixes: the newest sample's window holds only the newest fix; without it, `latest` is another.
    const withoutIt = await publicLatest(a, caravanId);
    expect(withoutIt).not.toBe(shown);
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await publicLatest(b, caravanId)) === withoutIt) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('instance B still shows the hidden report');
  });
});
