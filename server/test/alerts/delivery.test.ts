import type { Alert, Delivery, WebhookCreated } from '@rumbo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import { adminHeaders, buildTestApp, closeStore, createCaravan, iso, postReports, TEST_REDIS_URL } from '../helper';
import { startReceiver, validSignature, type Receiver } from './receiver';

const FAST = { tickMs: 20, backoffBaseMs: 100 };

/**
 * A Redis database of this file's own. The delivery queue is one per Redis, shared by every
 * instance on it, as in production: on the shared test database, an app of another test file,
 * with its own retry timing, could take this file's deliveries and break the backoff it checks.
 */
const DELIVERY_REDIS_URL = (() => {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = '/9';
  return url.href;
})();
/** A fix 6 km from the border: meets the default "within 100 km" and "within 10 km" rules. */
const NEAR_BORDER = { id: 'juarez', lng: -106.45, lat: 31.7, recordedAt: iso(Date.UTC(2024, 0, 21, 12)), accuracyM: 10 };

/** Webhooks live under one global key: each test removes its own, so none outlives it. */
async function addHook(app: App, url: string, caravanId: string): Promise<WebhookCreated> {
  const answer = await app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: adminHeaders,
    payload: { url, caravans: [caravanId] },
  });
  expect(answer.statusCode).toBe(201);
  return answer.json<WebhookCreated>();
}
const deliveriesOf = async (app: App, hookId: string) =>
  (await app.inject({ method: 'GET', url: `/api/v1/webhooks/${hookId}/deliveries`, headers: adminHeaders })).json<{
    deliveries: Delivery[];
  }>().deliveries;
async function onlyRule(app: App, caravanId: string) {
  const answer = await app.inject({
    method: 'PUT',
    url: `/api/v1/caravans/${caravanId}/alert-rules`,
    headers: adminHeaders,
    payload: { rules: [{ id: 'b10', kind: 'border_within_km', km: 10 }] },
  });
  expect(answer.statusCode).toBe(200);
}

describe('webhook delivery on one Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function instance(config: Parameters<typeof buildTestApp>[0]['config'] = {}): Promise<{ app: App; store: RedisStore }> {
    const store = new RedisStore(DELIVERY_REDIS_URL);
    const app = await buildTestApp({ store, deliveryTiming: FAST, config });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await closeStore(store);
    };
    cleanups.push(close);
    return { app, store };
  }
  async function receiver(statuses: number[], onRequest?: Parameters<typeof startReceiver>[1]): Promise<Receiver> {
    const started = await startReceiver(statuses, onRequest);
    cleanups.push(started.close);
    return started;
  }
  function removeHookLater(app: App, hookId: string) {
    cleanups.push(
      async () => void (await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hookId}`, headers: adminHeaders })),
    );
  }

  it('retries after 500s with the same delivery id and a valid signature, and logs every attempt', async () => {
    const { app } = await instance();
    const target = await receiver([500, 500, 503]);
    const caravanId = await createCaravan(app);
    await onlyRule(app, caravanId);
    const hook = await addHook(app, target.url, caravanId);
    removeHookLater(app, hook.id);
    await postReports(app, caravanId, NEAR_BORDER);

    await expect.poll(() => target.delivered().length, { timeout: 10_000 }).toBe(1);
    expect(target.received.map((entry) => entry.status)).toEqual([500, 500, 503, 200]);
    const ids = new Set(target.received.map((entry) => entry.headers['x-rumbo-delivery']));
    expect(ids.size).toBe(1);
    for (const entry of target.received) {
      expect(validSignature(hook.secret, entry)).toBe(true);
      expect(entry.body).toBe(target.received[0]!.body);
    }
    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery).toMatchObject({ id: [...ids][0], state: 'delivered', caravanId });
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 503, 200]);
    const gaps = delivery!.attempts.slice(1).map((attempt, i) => Date.parse(attempt.at) - Date.parse(delivery!.attempts[i]!.at));
    // Exponential backoff: 100, 200, 400 ms at least.
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(delivery)).not.toContain(hook.secret);
  });

  it('links the chat text to the dashboard at the fix when PUBLIC_BASE_URL names the server', async () => {
    const { app } = await instance({ publicBaseUrl: 'https://rumbo.example.org' });
    const target = await receiver([]);
    const caravanId = await createCaravan(app);
    await onlyRule(app, caravanId);
    const hook = await addHook(app, target.url, caravanId);
    removeHookLater(app, hook.id);
    await postReports(app, caravanId, NEAR_BORDER);

    await expect.poll(() => target.delivered().length, { timeout: 10_000 }).toBe(1);
    const body = JSON.parse(target.delivered()[0]!.body) as {
      text: string;
      url: string;
      alert: { link: string; reportId: string };
    };
    expect(body.url).toBe(`https://rumbo.example.org/?caravan=${caravanId}&report=${body.alert.reportId}`);
    expect(
      body.text.endsWith(`<https://rumbo.example.org/?caravan=${caravanId}&amp;report=${body.alert.reportId}|Open in Rumbo>`),
    ).toBe(true);
    expect(body.alert.link).toBe(`/?caravan=${caravanId}&report=${body.alert.reportId}`);
  });

  it('gives up after the retry time, and the log says so', async () => {
    const store = new RedisStore(DELIVERY_REDIS_URL);
    const app = await buildTestApp({ store, deliveryTiming: FAST, config: { webhookRetryMs: 250 } });
    cleanups.push(async () => {
      await app.close();
      await closeStore(store);
    });
    const target = await receiver(Array(100).fill(500));
    const caravanId = await createCaravan(app);
    await onlyRule(app, caravanId);
    const hook = await addHook(app, target.url, caravanId);
    removeHookLater(app, hook.id);
    await postReports(app, caravanId, NEAR_BORDER);
    await expect.poll(async () => (await deliveriesOf(app, hook.id))[0]?.state, { timeout: 5_000 }).toBe('failed');
    const attempts = target.received.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(target.received.length).toBe(attempts);
  });

  it('delivers once from two instances, each alert through one of them', async () => {
    const [first, second] = [await instance(), await instance()];
    const target = await receiver([500]);
    const caravanId = await createCaravan(first.app);
    await onlyRule(first.app, caravanId);
    const hook = await addHook(first.app, target.url, caravanId);
    removeHookLater(first.app, hook.id);
    // Reports through both instances: each may judge, one claims.
    await Promise.all([
      postReports(first.app, caravanId, NEAR_BORDER),
      postReports(second.app, caravanId, { ...NEAR_BORDER, id: 'juarez-2', recordedAt: iso(Date.UTC(2024, 0, 21, 13)) }),
    ]);
    await expect.poll(() => target.delivered().length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.delivered()).toHaveLength(1);
    expect(target.received).toHaveLength(2);
    expect(new Set(target.received.map((entry) => entry.payload.deliveryId)).size).toBe(1);
    const alerts = (
      await second.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/alerts`, headers: adminHeaders })
    ).json<{ alerts: Alert[] }>().alerts;
    expect(alerts).toHaveLength(1);
  });

  it('delivers once across a restart between a failed attempt and the next', async () => {
    const before = await instance();
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    const target = await receiver([500], () => firstArrived());
    const caravanId = await createCaravan(before.app);
    await onlyRule(before.app, caravanId);
    const hook = await addHook(before.app, target.url, caravanId);
    await postReports(before.app, caravanId, NEAR_BORDER);
    await arrived;
    // Closing waits for the attempt under way; its outcome and the next attempt are in Redis.
    await before.app.close();
    expect(target.received).toHaveLength(1);

    const after = await instance();
    removeHookLater(after.app, hook.id);
    await expect.poll(() => target.delivered().length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.received.map((entry) => entry.status)).toEqual([500, 200]);
    expect(target.received[1]!.payload.deliveryId).toBe(target.received[0]!.payload.deliveryId);
    // The new instance judged nothing again: the one alert stays the one alert.
    const alerts = (
      await after.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/alerts`, headers: adminHeaders })
    ).json<{ alerts: Alert[] }>().alerts;
    expect(alerts).toHaveLength(1);
  });
});
