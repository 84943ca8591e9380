import { randomBytes } from 'node:crypto';
import type { AccountRole, Report } from '@rumbo/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, type App } from '../../src/app';
import { createAccount } from '../../src/accounts/create-account';
import type { Config } from '../../src/config';
import { PHONE_LIMIT_FACTOR } from '../../src/plugins/rate-limit';
import { OSMAND_BODY_LIMIT_BYTES } from '../../src/routes/ingest-osmand';
import { RedisStore } from '../../src/store/redis-store';
import type { TrackStore } from '../../src/store/track-store';
import { TEST_REDIS_URL, buildTestApp, closeStore, listen, newCaravanId, postReports, stores, walk } from '../helper';

const LIMITS = { reporter: 3, staff: 6, anonymous: 4 } as const;

/**
 * Test files share one Redis and counters outlive an app by up to a minute: every test uses its
 * own admin token, accounts and client addresses, so no count leaks between tests or files.
 */
const newIp = () => `10.${randomBytes(3).join('.')}`;
const newAdminToken = () => `rate-limit-admin-${randomBytes(12).toString('hex')}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

function configFor(adminToken: string): Partial<Config> {
  return { adminToken, rateLimitsPerMinute: { ...LIMITS } };
}

async function newToken(app: App, role: AccountRole, caravans: string[] = []): Promise<string> {
  return (await createAccount(app.accounts, { name: `rate-limit ${role}`, role, caravans })).token;
}

/** A cheap API request anyone may make, from `remoteAddress` (a fresh one by default). */
function callApi(app: App, headers: Record<string, string> = {}, remoteAddress = newIp()): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/api/v1/client-config', headers, remoteAddress });
}

/** Sends `count` requests one after the other; returns their status codes. */
async function statuses(count: number, send: () => Promise<LightMyRequestResponse>): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) codes.push((await send()).statusCode);
  return codes;
}

const PHONE_LIMIT = LIMITS.reporter * PHONE_LIMIT_FACTOR;

/** The answer once a limit is reached: 429 (503 to OwnTracks), Retry-After within the minute, the JSON error contract. */
function expectRateLimited(response: LightMyRequestResponse, limit: number, who: string, status = 429): void {
  expect(response.statusCode).toBe(status);
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual({
    error: { code: 'rate_limited', message: expect.stringContaining(`${limit} a minute ${who}`) },
  });
}

describe.each(stores)('rate limits on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  let app: App;
  let adminToken: string;

  beforeAll(() => {
    store = makeStore();
  });
  afterAll(() => closeStore(store));
  beforeEach(async () => {
    adminToken = newAdminToken();
    app = await buildTestApp({ store, config: configFor(adminToken) });
  });
  afterEach(() => app.close());

  it('refuses the (N+1)th request of a reporter token in a minute, whatever its IP, and only that token', async () => {
    const reporter = await newToken(app, 'reporter');
    const first = await callApi(app, bearer(reporter));
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe(String(LIMITS.reporter));
    expect(first.headers['x-ratelimit-remaining']).toBe(String(LIMITS.reporter - 1));
    expect(await statuses(LIMITS.reporter - 1, () => callApi(app, bearer(reporter)))).toEqual([200, 200]);

    expectRateLimited(await callApi(app, bearer(reporter)), LIMITS.reporter, 'per reporter credential');
    expect((await callApi(app, bearer(await newToken(app, 'reporter')))).statusCode).toBe(200);
    expect((await callApi(app, bearer(await newToken(app, 'editor')))).statusCode).toBe(200);
    expect((await callApi(app, bearer(adminToken))).statusCode).toBe(200);
  });

  it('refuses a reporter’s reports past the limit without storing them', async () => {
    const caravanId = newCaravanId();
    const admin = bearer(adminToken);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/caravans',
      headers: admin,
      payload: { id: caravanId, name: 'Limited' },
    });
    expect(created.statusCode).toBe(201);
    const reporter = await newToken(app, 'reporter', [caravanId]);
    const fixes = walk(LIMITS.reporter + 1, Date.parse('2024-03-01T00:00:00Z'));
    const answers = await statuses(fixes.length, () => postReports(app, caravanId, fixes.shift(), bearer(reporter)));
    expect(answers).toEqual([201, 201, 201, 429]);
    const listed = await app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: admin });
    expect((listed.json() as { reports: Report[] }).reports.map((report) => report.id)).toEqual(['r-0000', 'r-0001', 'r-0002']);
  });

  it('answers a refused batch over HTTP with the 429 itself, not a reset connection', async () => {
    const caravanId = newCaravanId();
    const reporter = await newToken(app, 'reporter', [caravanId]);
    const baseUrl = await listen(app);
    await statuses(LIMITS.reporter, () => callApi(app, bearer(reporter)));
    const batch = { reports: walk(500, Date.parse('2024-03-01T00:00:00Z')).map((fix) => ({ ...fix, note: 'n'.repeat(400) })) };
    const response = await fetch(`${baseUrl}/api/v1/caravans/${caravanId}/reports`, {
      method: 'POST',
      headers: { ...bearer(reporter), 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // The client has its answer while the rest of its body may still be arriving: do not let the
    // app's close wait out the keep-alive connection.
    app.server.closeAllConnections();
  });

  it('gives every staff token, the admin’s included, its own higher limit', async () => {
    const editor = await newToken(app, 'editor');
    const ip = newIp();
    expect(await statuses(LIMITS.staff, () => callApi(app, bearer(editor), ip))).toEqual(Array(LIMITS.staff).fill(200));
    expectRateLimited(await callApi(app, bearer(editor), ip), LIMITS.staff, 'per staff credential');

    // The admin's token from the same address still has its own count.
    expect(await statuses(LIMITS.staff, () => callApi(app, bearer(adminToken), ip))).toEqual(Array(LIMITS.staff).fill(200));
    expectRateLimited(await callApi(app, bearer(adminToken), ip), LIMITS.staff, 'per staff credential');
    expect((await callApi(app, bearer(await newToken(app, 'viewer')), ip)).statusCode).toBe(200);
  });

  it('counts requests without a credential per client IP, invalid tokens included', async () => {
    const [ip, otherIp] = [newIp(), newIp()];
    expect(await statuses(LIMITS.anonymous, () => callApi(app, {}, ip))).toEqual(Array(LIMITS.anonymous).fill(200));
    expectRateLimited(await callApi(app, {}, ip), LIMITS.anonymous, 'per IP address without a credential');
    expect((await callApi(app, {}, otherIp)).statusCode).toBe(200);

    // A made-up token is no credential: it does not buy a fresh count.
    const guesser = newIp();
    const guesses = () => callApi(app, bearer(randomBytes(24).toString('base64url')), guesser);
    expect(await statuses(LIMITS.anonymous, guesses)).toEqual(Array(LIMITS.anonymous).fill(200));
    expectRateLimited(await guesses(), LIMITS.anonymous, 'per IP address without a credential');
  });

  it('takes the client IP from X-Forwarded-For behind the load balancer', async () => {
    const balancer = newIp();
    const [client, otherClient] = [newIp(), newIp()];
    const viaBalancer = (ip: string) => callApi(app, { 'x-forwarded-for': ip }, balancer);
    expect(await statuses(LIMITS.anonymous, () => viaBalancer(client))).toEqual(Array(LIMITS.anonymous).fill(200));
    expect((await viaBalancer(client)).statusCode).toBe(429);
    expect((await viaBalancer(otherClient)).statusCode).toBe(200);
  });

  it('stops counting a revoked token as staff at once: it falls back to its IP', async () => {
    const created = await createAccount(app.accounts, { name: 'to revoke', role: 'editor' });
    const ip = newIp();
    expect((await callApi(app, bearer(created.token), ip)).headers['x-ratelimit-limit']).toBe(String(LIMITS.staff));
    const revoked = await app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${created.id}`,
      headers: bearer(adminToken),
      payload: { revoked: true },
    });
    expect(revoked.statusCode).toBe(200);
    const after = await callApi(app, bearer(created.token), ip);
    expect(after.headers['x-ratelimit-limit']).toBe(String(LIMITS.anonymous));
    expect(after.headers['x-ratelimit-remaining']).toBe(String(LIMITS.anonymous - 1));
  });

  it('never limits health checks, metrics or pages', async () => {
    const ip = newIp();
    await statuses(LIMITS.anonymous, () => callApi(app, {}, ip));
    expect((await callApi(app, {}, ip)).statusCode).toBe(429);
    for (const url of ['/healthz', '/readyz', '/metrics', '/', '/report']) {
      const answers = await Promise.all(
        Array.from({ length: LIMITS.anonymous + 2 }, () => app.inject({ method: 'GET', url, remoteAddress: ip })),
      );
      for (const answer of answers) {
        expect(answer.statusCode, url).not.toBe(429);
        expect(answer.headers['x-ratelimit-limit'], url).toBeUndefined();
      }
    }
    expect((await app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })).json()).toEqual({ status: 'ok' });
  });

  it('counts a phone app by the device id it sends, in the query, a form or a JSON body, with the phone limit', async () => {
    const { deviceId } = await createAccount(app.accounts, { name: 'phone', role: 'reporter', caravans: [] });
    const inQuery = (name: string) => () =>
      app.inject({ method: 'GET', url: `/ingest/osmand?${name}=${deviceId}&lat=15&lon=-92`, remoteAddress: newIp() });
    const inForm = () =>
      app.inject({
        method: 'POST',
        url: '/ingest/osmand',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `id=${deviceId}&lat=15&lon=-92`,
        remoteAddress: newIp(),
      });
    const inJson = () =>
      app.inject({ method: 'POST', url: '/ingest/osmand', payload: { device_id: deviceId }, remoteAddress: newIp() });
    const answers = [await inQuery('id')(), await inForm(), await inJson()];
    for (const answer of answers) expect(answer.headers['x-ratelimit-limit']).toBe(String(PHONE_LIMIT));
    expect(answers.map((answer) => answer.headers['x-ratelimit-remaining'])).toEqual(
      [1, 2, 3].map((used) => String(PHONE_LIMIT - used)),
    );
    const senders = [inQuery('deviceid'), inForm, inJson];
    const codes = await statuses(PHONE_LIMIT - 3, () => senders[Math.floor(Math.random() * 3)]!());
    expect(codes).not.toContain(429);
    expectRateLimited(await inQuery('deviceid')(), PHONE_LIMIT, 'per phone-app credential');
    expectRateLimited(await inForm(), PHONE_LIMIT, 'per phone-app credential');
    expectRateLimited(await inJson(), PHONE_LIMIT, 'per phone-app credential');

    const otherDevice = await app.inject({
      method: 'GET',
      url: `/ingest/osmand?id=${randomBytes(8).toString('hex')}`,
      remoteAddress: newIp(),
    });
    expect(otherDevice.statusCode).not.toBe(429);
  });

  it('lets a phone flush a backlog past the reporter limit, storing every fix', async () => {
    const caravanId = newCaravanId();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/caravans',
      headers: bearer(adminToken),
      payload: { id: caravanId, name: 'Backlog' },
    });
    expect(created.statusCode).toBe(201);
    const { deviceId } = await createAccount(app.accounts, { name: 'backlog', role: 'reporter', caravans: [caravanId] });
    const backlog = LIMITS.reporter * 5;
    const start = Date.UTC(2024, 0, 12, 14) / 1000;
    let sent = 0;
    const codes = await statuses(backlog, () => {
      const at = start + 60 * sent++;
      return app.inject({ method: 'POST', url: `/ingest/osmand?id=${deviceId}&lat=15&lon=-92.5&timestamp=${at}` });
    });
    expect(codes).toEqual(Array(backlog).fill(200));
    expect(await store.listReports(caravanId, { limit: 10_000 })).toHaveLength(backlog);
  });

  it('counts OwnTracks by its Basic credential, with the phone limit, and refuses with 503 (iOS deletes on 4xx)', async () => {
    const reporter = await createAccount(app.accounts, { name: 'owntracks', role: 'reporter', caravans: [] });
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/ingest/owntracks', headers, payload: { _type: 'lwt' }, remoteAddress: newIp() });
    const answers = await statuses(PHONE_LIMIT, () => send(basic(reporter.id, reporter.token)));
    expect(answers).toEqual(Array(PHONE_LIMIT).fill(200));
    expectRateLimited(await send(basic(reporter.id, reporter.token)), PHONE_LIMIT, 'per phone-app credential', 503);
    // Someone who knows the user but not the password cannot use up the reporter's requests.
    expect((await send(basic(reporter.id, randomBytes(12).toString('hex')))).statusCode).toBe(401);
  });

  it('counts phone credentials that belong to no reporter against the IP: random device ids buy no fresh counts', async () => {
    const ip = newIp();
    const randomDevice = () => randomBytes(8).toString('hex');
    const attempts = [
      () => app.inject({ method: 'GET', url: `/ingest/osmand?id=${randomDevice()}&lat=15&lon=-92`, remoteAddress: ip }),
      () =>
        app.inject({
          method: 'POST',
          url: '/ingest/osmand',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `id=${randomDevice()}&lat=15&lon=-92`,
          remoteAddress: ip,
        }),
      () => app.inject({ method: 'POST', url: '/ingest/osmand', payload: { device_id: randomDevice() }, remoteAddress: ip }),
      () =>
        app.inject({
          method: 'POST',
          url: '/ingest/owntracks',
          headers: basic(`rep-${randomDevice()}`, randomDevice()),
          payload: { _type: 'lwt' },
          remoteAddress: ip,
        }),
    ];
    let turn = 0;
    const answers: LightMyRequestResponse[] = [];
    for (let i = 0; i < 400; i++) answers.push(await attempts[turn++ % attempts.length]!());
    // OwnTracks (the fourth attempt) hears 503 where the others hear 429: iOS would delete a 4xx.
    const refusalOf = (index: number) => (index % attempts.length === 3 ? 503 : 429);
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.slice(0, LIMITS.anonymous)).not.toContain(429);
    expect(codes.slice(LIMITS.anonymous)).toEqual(
      codes.slice(LIMITS.anonymous).map((_code, i) => refusalOf(i + LIMITS.anonymous)),
    );
    for (let index = LIMITS.anonymous; index < LIMITS.anonymous + attempts.length; index++) {
      expectRateLimited(answers[index]!, LIMITS.anonymous, 'per IP address without a credential', refusalOf(index));
    }
  });

  it('counts bodies over the size limit: repeated ones from one IP reach 429', async () => {
    const caravanId = newCaravanId();
    const oversize = [
      { url: `/api/v1/caravans/${caravanId}/reports`, payload: 'x'.repeat(BODY_LIMIT_BYTES + 1) },
      { url: '/ingest/osmand', payload: `lat=15&lon=-92&note=${'x'.repeat(OSMAND_BODY_LIMIT_BYTES)}` },
    ];
    for (const { url, payload } of oversize) {
      const ip = newIp();
      const send = () =>
        app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': url.startsWith('/ingest') ? 'application/x-www-form-urlencoded' : 'application/json' },
          payload,
          remoteAddress: ip,
        });
      const refused = await send();
      expect(refused.statusCode, url).toBe(413);
      expect(refused.json().error.code).toBe('body_too_large');
      expect(await statuses(LIMITS.anonymous - 1, send), url).toEqual(Array(LIMITS.anonymous - 1).fill(413));
      expectRateLimited(await send(), LIMITS.anonymous, 'per IP address without a credential');
    }
  });
});

describe('rate limits on Redis', () => {
  const adminToken = newAdminToken();
  const redisStores: RedisStore[] = [];
  const apps: App[] = [];

  async function instance(): Promise<App> {
    const store = new RedisStore(TEST_REDIS_URL);
    redisStores.push(store);
    const app = await buildTestApp({ store, config: configFor(adminToken) });
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(redisStores.map((store) => closeStore(store)));
  });

  it('shares one count between two instances on the same Redis', async () => {
    const [first, second] = [await instance(), await instance()];
    const reporter = await newToken(first, 'reporter');
    const answers = [first, second, first].map((app) => callApi(app, bearer(reporter)));
    expect((await Promise.all(answers)).map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expectRateLimited(await callApi(second, bearer(reporter)), LIMITS.reporter, 'per reporter credential');
    expect((await callApi(first, bearer(reporter))).statusCode).toBe(429);

    const ip = newIp();
    let turn = 0;
    const alternating = () => callApi(turn++ % 2 === 0 ? first : second, {}, ip);
    expect(await statuses(LIMITS.anonymous + 1, alternating)).toEqual([...Array(LIMITS.anonymous).fill(200), 429]);
  });

  it('keeps counts under account ids: no token or device id appears in a key', async () => {
    const app = await instance();
    const redis = redisStores[0]!.redis;
    const reporterAccount = await createAccount(app.accounts, { name: 'rate-limit keys', role: 'reporter', caravans: [] });
    const deviceId = randomBytes(8).toString('hex');
    await callApi(app, bearer(reporterAccount.token));
    await callApi(app, bearer(reporterAccount.token));
    await callApi(app, bearer(adminToken));
    await app.inject({ method: 'GET', url: `/ingest/osmand?id=${deviceId}`, remoteAddress: newIp() });

    const counter = `rumbo:rate-limit:reporter:${reporterAccount.id}`;
    expect(await redis.get(counter)).toBe('2');
    const ttlMs = await redis.pttl(counter);
    expect(ttlMs > 0 && ttlMs <= 60_000).toBe(true);
    for (const secret of [reporterAccount.token, adminToken, deviceId]) expect(await redis.keys(`*${secret}*`)).toEqual([]);
  });

  it('lets requests through when Redis cannot be reached instead of refusing them', async () => {
    const unreachable = new RedisStore('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    const app = await buildTestApp({ store: unreachable, config: configFor(adminToken) });
    try {
      const ip = newIp();
      expect(await statuses(LIMITS.anonymous + 2, () => callApi(app, {}, ip))).toEqual(Array(LIMITS.anonymous + 2).fill(200));
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
