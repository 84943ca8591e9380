import type { Alert } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import { adminHeaders, buildTestApp, closeStore, createCaravan, iso, postReports, TEST_REDIS_URL } from '../helper';

const MINUTE_MS = 60_000;

describe('silences on two instances sharing one Redis', () => {
  /** Both instances read this clock: a test moves it forward instead of waiting minutes. */
  let skewMs = 0;
  const now = () => Date.now() + skewMs;
  const instances: Array<{ app: App; store: RedisStore }> = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const store = new RedisStore(TEST_REDIS_URL);
      instances.push({ store, app: await buildTestApp({ store, now, config: { alertSweepMs: 30 }, heardRefreshMs: 0 }) });
    }
  });
  afterAll(async () => {
    for (const { app } of instances) await app.close();
    for (const { store } of instances) await closeStore(store);
  });
  const app = () => instances[0]!.app;
  const alertsOf = async (caravanId: string) =>
    (await app().inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/alerts`, headers: adminHeaders })).json<{
      alerts: Alert[];
    }>().alerts;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let step = 0;
  const report = (reporterId?: string) => {
    step += 1;
    const body = {
      id: `r-${step}`,
      lng: -92.2633,
      lat: 14.9056 + step * 0.001,
      recordedAt: iso(Date.UTC(2024, 0, 1) + step * MINUTE_MS),
    };
    return postReports(app(), caravanIdOf.current, body, reporterId ? { authorization: `Bearer ${reporterId}` } : adminHeaders);
  };
  const caravanIdOf = { current: '' };

  it('raises a silence once across instances and sweeps, and "resumed" once when reports come back', async () => {
    const caravanId = (caravanIdOf.current = await createCaravan(app()));
    await app().inject({
      method: 'PUT',
      url: `/api/v1/caravans/${caravanId}/alert-rules`,
      headers: adminHeaders,
      payload: { rules: [{ id: 'quiet', kind: 'silence_minutes', minutes: 5 }] },
    });
    // Never heard from: not silent.
    skewMs += 10 * MINUTE_MS;
    await pause(200);
    expect(await alertsOf(caravanId)).toEqual([]);

    // Arrival times are the real clock's: the test's clock starts again from it.
    skewMs = 0;
    await report();
    skewMs += 4 * MINUTE_MS;
    await pause(200);
    expect(await alertsOf(caravanId)).toEqual([]);
    skewMs += 2 * MINUTE_MS;
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(1);
    // Many sweeps on two instances later: still the one silence.
    skewMs += 30 * MINUTE_MS;
    await pause(300);
    const [silence] = await alertsOf(caravanId);
    expect(await alertsOf(caravanId)).toHaveLength(1);
    expect(silence).toMatchObject({
      kind: 'silence_minutes',
      event: 'triggered',
      ruleId: 'quiet',
      figures: { thresholdMinutes: 5 },
      reportId: 'r-1',
    });
    expect(Number(silence!.figures.silentMinutes)).toBeGreaterThanOrEqual(6);

    skewMs = 0;
    await report();
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(2);
    const resumed = (await alertsOf(caravanId)).find((alert) => alert.event === 'resumed');
    expect(resumed).toMatchObject({ event: 'resumed', refersTo: silence!.id, reportId: 'r-2' });

    // A new silence after that is a new alert, once.
    skewMs += 6 * MINUTE_MS;
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(3);
    await pause(300);
    expect(await alertsOf(caravanId)).toHaveLength(3);
  });
});
