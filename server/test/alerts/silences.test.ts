import type { AccountCreated } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { RedisStore } from '../../src/store/redis-store';
import type { TrackStore } from '../../src/store/track-store';
import { adminHeaders, buildTestApp, closeStore, createCaravan, iso, postReports, TEST_REDIS_URL } from '../helper';
import { createReporter } from '../routes/phone-app-helper';
import { alertApi } from './alert-api';
import { startReceiver } from './receiver';

const MINUTE_MS = 60_000;

/** Two instances sharing one Redis (each silence raised by one of them), or the embedded store alone. */
const deployments: Array<[string, () => TrackStore[]]> = [
  ['two instances sharing one Redis', () => [new RedisStore(TEST_REDIS_URL), new RedisStore(TEST_REDIS_URL)]],
  ['the memory store', () => [new MemoryStore()]],
];

describe.each(deployments)('silences on %s', (_where, makeStores) => {
  /** Every instance reads this clock: a test moves it forward instead of waiting minutes. */
  let skewMs = 0;
  const now = () => Date.now() + skewMs;
  const instances: Array<{ app: App; store: TrackStore }> = [];
  beforeAll(async () => {
    for (const store of makeStores())
      instances.push({ store, app: await buildTestApp({ store, now, config: { alertSweepMs: 30 }, heardRefreshMs: 0 }) });
  });
  afterAll(async () => {
    for (const { app } of instances) await app.close();
    for (const { store } of instances) await closeStore(store);
  });
  const app = () => instances[0]!.app;
  const { alertsOf, setRules, addHook } = alertApi(app);
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
    await setRules(caravanId, [{ id: 'quiet', kind: 'silence_minutes', minutes: 5 }]);
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

  /** A fix from a reporter, with its own token (its reports carry its account id). */
  const fixFrom = (caravanId: string, reporter: AccountCreated) => {
    step += 1;
    const body = {
      id: `r-${step}`,
      lng: -92.2633,
      lat: 14.9056 + step * 0.001,
      recordedAt: iso(Date.UTC(2024, 0, 1) + step * MINUTE_MS),
    };
    return postReports(app(), caravanId, body, { authorization: `Bearer ${reporter.token}` });
  };
  /** What Traccar Client sends when it runs but has no position: its device id and no lat/lon. */
  const heartbeatOf = async (reporter: AccountCreated) =>
    expect((await app().inject({ method: 'GET', url: `/ingest/osmand?id=${reporter.deviceId}` })).statusCode).toBe(200);

  it('raises a silence of one reporter once, which reports of others do not end and its own does', async () => {
    skewMs = 0;
    const caravanId = await createCaravan(app());
    const [quiet, chatty] = [await createReporter(app(), [caravanId]), await createReporter(app(), [caravanId])];
    await setRules(caravanId, [{ id: 'quiet-one', kind: 'silence_minutes', minutes: 5, reporterId: quiet.id }]);
    await fixFrom(caravanId, quiet);
    await fixFrom(caravanId, chatty);
    skewMs += 6 * MINUTE_MS;
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(1);
    // The other reporter goes on reporting, sweeps go on on both instances: still the one silence.
    await fixFrom(caravanId, chatty);
    skewMs += 30 * MINUTE_MS;
    await pause(300);
    const [silence] = await alertsOf(caravanId);
    expect(await alertsOf(caravanId)).toHaveLength(1);
    expect(silence).toMatchObject({
      kind: 'silence_minutes',
      event: 'triggered',
      ruleId: 'quiet-one',
      figures: { thresholdMinutes: 5, reporterId: quiet.id },
    });
    expect(silence!.text).toContain(`sent no report from reporter ${quiet.id} for`);

    skewMs = 0;
    await fixFrom(caravanId, quiet);
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(2);
    // Found by its event: the feed is ordered by when alerts were raised, and the test's clock went back.
    expect((await alertsOf(caravanId)).find((alert) => alert.event === 'resumed')).toMatchObject({
      event: 'resumed',
      refersTo: silence!.id,
      figures: { reporterId: quiet.id },
    });
  });

  it('phone_alive_no_fix: once per phone that sends heartbeats after its last fix, "resumed" by its next fix', async () => {
    skewMs = 0;
    const receiver = await startReceiver();
    const caravanId = await createCaravan(app());
    const hook = await addHook(receiver.url, [caravanId]);
    await setRules(caravanId, [{ id: 'gps-lost', kind: 'phone_alive_no_fix', minutes: 5 }]);
    // `alive` sends a heartbeat after its fix; `silent` sends none; `early` sent one only before its fix.
    const [alive, silent, early] = [
      await createReporter(app(), [caravanId]),
      await createReporter(app(), [caravanId]),
      await createReporter(app(), [caravanId]),
    ];
    await heartbeatOf(early);
    await pause(5);
    for (const reporter of [alive, silent, early]) await fixFrom(caravanId, reporter);
    await pause(5);
    await heartbeatOf(alive);
    skewMs += 4 * MINUTE_MS;
    await pause(200);
    expect(await alertsOf(caravanId)).toEqual([]);

    skewMs += 2 * MINUTE_MS;
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(1);
    skewMs += 30 * MINUTE_MS;
    await heartbeatOf(alive);
    await pause(300);
    expect(await alertsOf(caravanId)).toHaveLength(1);
    const [lost] = await alertsOf(caravanId);
    expect(lost).toMatchObject({
      kind: 'phone_alive_no_fix',
      event: 'triggered',
      ruleId: 'gps-lost',
      figures: { thresholdMinutes: 5, reporterId: alive.id, lastHeartbeatAt: expect.any(String) },
    });
    expect(Number(lost!.figures.noFixMinutes)).toBeGreaterThanOrEqual(6);
    expect(lost!.text).toContain(`has no fix from reporter Reporter on the road's phone (${alive.id}) for`);

    skewMs = 0;
    await fixFrom(caravanId, alive);
    await expect.poll(async () => (await alertsOf(caravanId)).length).toBe(2);
    const resumed = (await alertsOf(caravanId)).find((alert) => alert.event === 'resumed');
    expect(resumed).toMatchObject({
      kind: 'phone_alive_no_fix',
      event: 'resumed',
      refersTo: lost!.id,
      figures: { reporterId: alive.id },
    });
    expect(resumed!.text).toContain(`has fixes again from reporter ${alive.id}'s phone`);
    await expect.poll(() => receiver.delivered().length, { timeout: 10_000 }).toBe(2);
    expect(
      receiver
        .delivered()
        .map((entry) => entry.payload.alert.id)
        .sort(),
    ).toEqual([lost!.id, resumed!.id].sort());
    await app().inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminHeaders });
    await receiver.close();
  });
});
