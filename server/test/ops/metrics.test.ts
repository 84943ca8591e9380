import { NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { RedisStore } from '../../src/store/redis-store';
import {
  ADMIN_TOKEN,
  TEST_REDIS_URL,
  adminHeaders,
  connectNewsroom,
  createCaravan,
  iso,
  listReports,
  listen,
  postReports,
  testConfig,
} from '../helper';
import { createReporter } from '../routes/phone-app-helper';
import { useTestApp } from '../use-test-app';
import { scrape } from './metrics-text';

const START_MS = Date.parse('2024-01-01T13:00:00Z');
const REPORTS_ROUTE = '/api/v1/caravans/:caravanId/reports';
const fix = (id: string, step = 0) => ({
  id,
  lng: -92.2633 - step * 0.01,
  lat: 14.9056 + step * 0.015,
  recordedAt: iso(START_MS + step * 3_600_000),
});

/** Waits until `check` passes (sockets come and go asynchronously on the server). */
async function eventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('GET /metrics', () => {
  const setup = useTestApp(() => new MemoryStore(), { config: { publicLive: true } });

  it('answers Prometheus text in which every metric is named rumbo_*', async () => {
    const response = await setup.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { names } = await scrape(setup.app);
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((name) => !name.startsWith('rumbo_'))).toEqual([]);
    for (const name of [
      'rumbo_reports_accepted_total',
      'rumbo_reports_duplicate_total',
      'rumbo_reports_rejected_total',
      'rumbo_ingest_request_duration_seconds',
      'rumbo_report_push_delay_seconds',
      'rumbo_sockets_connected',
      'rumbo_redis_command_duration_seconds',
      'rumbo_redis_command_errors_total',
      'rumbo_nodejs_eventloop_lag_seconds',
      'rumbo_process_resident_memory_bytes',
    ])
      expect(names).toContain(name);
  });

  it('counts accepted, duplicate and rejected reports by source and reason, and times the ingest routes', async () => {
    const caravanId = await createCaravan(setup.app);
    const before = await scrape(setup.app);
    expect((await postReports(setup.app, caravanId, fix('m-1'))).statusCode).toBe(201);
    expect((await postReports(setup.app, caravanId, fix('m-1'))).statusCode).toBe(200);
    expect((await postReports(setup.app, caravanId, { ...fix('m-2', 1), lat: 91 })).statusCode).toBe(400);
    const batch = await postReports(setup.app, caravanId, {
      reports: [fix('m-3', 2), { ...fix('m-4', 3), recordedAt: '1999-12-31T00:00:00Z' }],
    });
    expect(batch.json()).toMatchObject({
      accepted: [{ id: 'm-3' }],
      rejected: [{ index: 1, error: { code: 'invalid_report' } }],
    });
    const { deviceId } = await createReporter(setup.app, [caravanId]);
    const phone = await setup.app.inject({
      method: 'GET',
      url: `/ingest/osmand?id=${deviceId}&timestamp=${START_MS / 1000 + 20 * 3600}&lat=15.2&lon=-92.6`,
    });
    expect(phone.statusCode).toBe(200);

    await listReports(setup.app, caravanId);

    const after = await scrape(setup.app);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('rumbo_reports_accepted_total', { source: 'api' })).toBe(2);
    expect(moved('rumbo_reports_duplicate_total', { source: 'api' })).toBe(1);
    expect(moved('rumbo_reports_rejected_total', { source: 'api', reason: 'invalid_report' })).toBe(2);
    expect(moved('rumbo_reports_accepted_total', { source: 'osmand' })).toBe(1);
    expect(moved('rumbo_reports_rejected_total', { source: 'osmand', reason: 'invalid_report' })).toBe(0);

    const requests = (status: string) => ({ route: REPORTS_ROUTE, method: 'POST', status, le: '+Inf' });
    expect(moved('rumbo_ingest_request_duration_seconds_bucket', requests('201'))).toBe(2);
    expect(moved('rumbo_ingest_request_duration_seconds_bucket', requests('200'))).toBe(1);
    expect(moved('rumbo_ingest_request_duration_seconds_bucket', requests('400'))).toBe(1);
    expect(moved('rumbo_ingest_request_duration_seconds_count', { route: '/ingest/osmand', method: 'GET', status: '200' })).toBe(
      1,
    );
    // Listing reports is not ingest.
    expect(after.text).not.toMatch(/rumbo_ingest_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/api/);
    expect(after.text).not.toMatch(/rumbo_ingest_request_duration_seconds_count\{[^}]*route="\/api[^}]*method="GET"/);

    // Every newly stored report was pushed to the newsroom, with its delay since arrival.
    expect(moved('rumbo_report_push_delay_seconds_count', { source: 'api' })).toBe(2);
    expect(moved('rumbo_report_push_delay_seconds_count', { source: 'osmand' })).toBe(1);
  });

  it('counts the sockets connected to each namespace when scraped', async () => {
    const url = await listen(setup.app);
    const sockets: Socket[] = [];
    try {
      const connected = async (namespace: string, count: number) =>
        expect((await scrape(setup.app)).value('rumbo_sockets_connected', { namespace })).toBe(count);
      await connected(NEWSROOM_NAMESPACE, 0);
      sockets.push(await connectNewsroom(url, ADMIN_TOKEN), await connectNewsroom(url, ADMIN_TOKEN));
      const embed = io(`${url}${PUBLIC_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(embed);
      await new Promise((resolve) => embed.once('connect', () => resolve(undefined)));
      await connected(NEWSROOM_NAMESPACE, 2);
      await connected(PUBLIC_NAMESPACE, 1);

      sockets[0]!.close();
      await eventually(() => connected(NEWSROOM_NAMESPACE, 1));
      await connected(PUBLIC_NAMESPACE, 1);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});

describe('METRICS_TOKEN', () => {
  const metricsToken = 'metrics-scraper-token-0123456789';
  const setup = useTestApp(() => new MemoryStore(), { config: { metricsToken } });

  it('keeps /metrics from anyone without that bearer token, the admin token included', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer not-the-metrics-token-at-all' },
      adminHeaders,
      { authorization: metricsToken },
    ]) {
      const response = await setup.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('METRICS_TOKEN') } });
      expect(response.body).not.toContain('rumbo_');
    }
    const scraped = await scrape(setup.app, { authorization: `Bearer ${metricsToken}` });
    expect(scraped.names).toContain('rumbo_reports_accepted_total');
  });
});

/** The app's start-up log lines (JSON), as server.ts would print them. */
async function startLog(config: Parameters<typeof testConfig>[0]): Promise<{ msg: string; level: number }[]> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({ config: testConfig(config), store: new MemoryStore(), logger: { level: 'warn', stream } });
  await app.ready();
  await app.close();
  return lines.map((line) => JSON.parse(line) as { msg: string; level: number });
}

const metricsFrom = (app: App, remoteAddress: string, headers = {}) =>
  app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

describe('/metrics without METRICS_TOKEN on a HOST other sites can reach', () => {
  const setup = useTestApp(() => new MemoryStore(), { config: { host: '0.0.0.0', trustProxy: true } });

  it('answers clients on this machine, and nobody else, whatever X-Forwarded-For claims', async () => {
    for (const address of ['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1']) {
      const response = await metricsFrom(setup.app, address);
      expect(response.statusCode, address).toBe(200);
      expect(response.body, address).toContain('rumbo_');
    }
    for (const [address, headers] of [
      ['203.0.113.5', {}],
      ['10.0.0.2', { 'x-forwarded-for': '127.0.0.1' }],
      ['::ffff:192.168.1.9', {}],
    ] as const) {
      const response = await metricsFrom(setup.app, address, headers);
      expect(response.statusCode, address).toBe(403);
      expect(response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('METRICS_TOKEN') } });
      expect(response.body).not.toContain('rumbo_');
    }
  });

  it('says so at start, loudly', async () => {
    const warnings = (await startLog({ host: '0.0.0.0' })).filter((line) => line.level === 40);
    expect(warnings).toContainEqual(
      expect.objectContaining({ msg: expect.stringMatching(/METRICS_TOKEN is not set and HOST 0\.0\.0\.0/) }),
    );
  });
});

describe('/metrics on a loopback HOST, or with METRICS_TOKEN', () => {
  it('says nothing at start', async () => {
    for (const config of [{ host: '127.0.0.1' }, { host: '0.0.0.0', metricsToken: 'metrics-scraper-token-0123456789' }]) {
      const lines = await startLog(config);
      expect(
        lines.filter((line) => line.msg.includes('METRICS_TOKEN')),
        JSON.stringify(config),
      ).toEqual([]);
    }
  });

  const token = 'metrics-scraper-token-0123456789';
  const setup = useTestApp(() => new MemoryStore(), { config: { host: '0.0.0.0', metricsToken: token } });

  it('lets the token scrape from anywhere', async () => {
    expect((await metricsFrom(setup.app, '203.0.113.5', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    expect((await metricsFrom(setup.app, '203.0.113.5')).statusCode).toBe(401);
  });
});

describe('metrics on the Redis store', () => {
  const setup = useTestApp(() => new RedisStore(TEST_REDIS_URL));

  it('times Redis commands (the insert script among them), counts failed ones, and says the connection is up', async () => {
    const caravanId = await createCaravan(setup.app);
    const before = await scrape(setup.app);
    expect((await postReports(setup.app, caravanId, fix('redis-1'))).statusCode).toBe(201);
    await expect(setup.store.redis.call('rumbo-no-such-command')).rejects.toThrow(/unknown command/i);
    const after = await scrape(setup.app);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('rumbo_redis_command_duration_seconds_count', { command: 'evalsha' })).toBeGreaterThanOrEqual(1);
    expect(moved('rumbo_redis_command_duration_seconds_count', { command: 'get' })).toBeGreaterThanOrEqual(1);
    expect(moved('rumbo_redis_command_errors_total', { command: 'rumbo-no-such-command' })).toBe(1);
    expect(after.value('rumbo_redis_up')).toBe(1);
    expect(after.names).toContain('rumbo_redis_connection_errors_total');
  });
});
