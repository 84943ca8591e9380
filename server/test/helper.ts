import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import {
  NEWSROOM_NAMESPACE,
  type Caravan,
  type NewsroomClientToServerEvents,
  type NewsroomServerToClientEvents,
  type PublicClientToServerEvents,
  type PublicServerToClientEvents,
  type Report,
  type ReportInput,
  type Source,
} from '@rumbo/shared';
import { DEFAULT_PLAUSIBILITY, legKm } from '@rumbo/shared/geo';
import { io, type Socket } from 'socket.io-client';
import { buildApp, type App, type BuildAppOptions } from '../src/app';
import type { Config } from '../src/config';
import { buildReport } from '../src/services/report-factory';
import { keys } from '../src/store/keys';
import { MemoryStore } from '../src/store/memory-store';
import { RedisStore } from '../src/store/redis-store';
import type { StoreKind, TrackStore } from '../src/store/track-store';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;

/** A Config for tests: fixed admin token, no demo, silent, nothing read from the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    redisUrl: null,
    adminToken: ADMIN_TOKEN,
    adminTokenGenerated: false,
    demo: false,
    publicOrigins: [],
    basemapStyleUrl: null,
    publicBaseUrl: null,
    logLevel: 'silent',
    implausibleSpeedKmh: DEFAULT_PLAUSIBILITY.maxSpeedKmh,
    lowAccuracyM: DEFAULT_PLAUSIBILITY.lowAccuracyM,
    trustProxy: true,
    // As deployed by default: readers poll; the tests of the live path turn it on.
    publicLive: false,
    publicSocketsPerIp: 20,
    // Suites and benchmarks open thousands of sockets from one address; the cap's own test sets it.
    socketConnectionsPerIp: 1_000_000,
    publicReleaseMs: 15_000,
    metricsToken: null,
    // No load shedding: some tests block the loop for seconds on purpose (huge bodies), and a busy
    // CI machine stalls it too; neither is load to shed. The load-shedding test turns it on.
    maxEventLoopDelayMs: 0,
    // Suites fire thousands of requests a minute as one admin; the rate-limit tests set their own.
    rateLimitsPerMinute: { reporter: 1_000_000, staff: 1_000_000, anonymous: 1_000_000 },
    // Webhook tests post to a receiver on 127.0.0.1; the URL check's own test turns this off.
    webhookAllowPrivate: true,
    webhookRetryMs: 24 * HOUR_MS,
    alertSweepMs: 30_000,
    ...overrides,
  };
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Both store implementations, for `describe.each`: one contract, two stores. */
export const stores: Array<[StoreKind, () => TrackStore]> = [
  ['memory', () => new MemoryStore()],
  ['redis', () => new RedisStore(TEST_REDIS_URL)],
];

/** Caravan ids handed out in this test file; their Redis keys are removed by closeStore. */
const issuedCaravanIds = new Set<string>();

/** A fresh caravan id: test files share one Redis and run in parallel. */
export function newCaravanId(prefix = 't'): string {
  const id = `${prefix}-${randomBytes(6).toString('hex')}`;
  issuedCaravanIds.add(id);
  return id;
}

/** Closes a store a test built, first removing from Redis every caravan this file created. */
export async function closeStore(store: TrackStore): Promise<void> {
  if (store instanceof RedisStore && issuedCaravanIds.size > 0) {
    const ids = [...issuedCaravanIds];
    const perCaravan = ids.flatMap((id) => [
      ...[keys.caravan(id), keys.reports(id), keys.all(id), keys.track(id), keys.state(id)],
      ...[keys.alertRules(id), keys.alertClaims(id), keys.alerts(id), keys.alertHeard(id), keys.alertSilences(id)],
    ]);
    await store.redis
      .pipeline()
      .del(...perCaravan)
      .zrem(keys.caravanIndex, ...ids)
      .exec();
  }
  await store.close();
}

/** A caravan as the create route would store it. */
export function makeCaravan(id = newCaravanId(), createdAt = new Date()): Caravan {
  return {
    id,
    name: `Test caravan ${id}`,
    status: 'active',
    origin: { name: 'Tapachula', lng: -92.2633, lat: 14.9056 },
    public: { delayMinutes: 30, precisionKm: 2, showNotes: false },
    createdAt: createdAt.toISOString(),
  };
}

export interface ReportOptions {
  reporterId?: string;
  source?: Source;
  receivedAt?: Date;
  hidden?: boolean;
}

/** A stored-form report built the way ingest builds it (metrics, flags, normalized time). */
export function makeReport(caravanId: string, input: ReportInput, options: ReportOptions = {}): Report {
  const report = buildReport(
    input,
    {
      caravanId,
      reporterId: options.reporterId ?? 'tester',
      source: options.source ?? 'api',
      receivedAt: options.receivedAt ?? new Date(),
    },
    { limits: DEFAULT_PLAUSIBILITY },
  );
  return { ...report, hidden: options.hidden ?? false };
}

/** The reference length of a track already in track order: every leg added up, the obvious way. */
export function legsKm(track: readonly Report[]): number {
  let totalKm = 0;
  for (let i = 1; i < track.length; i++) totalKm += legKm(track[i - 1]!, track[i]!);
  return totalKm;
}

/** `ms` as an ISO time, for inputs and expectations. */
export const iso = (ms: number) => new Date(ms).toISOString();

export const HOUR_MS = 3_600_000;

/**
 * A walk north from Tapachula: `count` fixes about 2 km apart, one every `everyMs`, starting at
 * `startMs`. Enough movement that every leg is above the jitter floor.
 */
export function walk(count: number, startMs: number, everyMs = HOUR_MS, idPrefix = 'r'): ReportInput[] {
  return Array.from({ length: count }, (_, step) => ({
    id: `${idPrefix}-${String(step).padStart(4, '0')}`,
    lng: -92.2633 - step * 0.01,
    lat: 14.9056 + step * 0.015,
    recordedAt: iso(startMs + step * everyMs),
    accuracyM: 10,
  }));
}

/** A small seeded generator (mulberry32), the one the shared workspace's tests use. */
export { seeded as seededRandom } from '../../shared/test/seeded';

/** Fisher–Yates with a seeded generator, so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const result = [...items];
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

export interface TestAppOptions {
  store: TrackStore;
  config?: Partial<Config>;
  /** The clock of the public release (default: the real one). */
  now?: () => number;
  /** How often unpushed changes are swept (default UNPUSHED_SWEEP_MS). */
  unpushedSweepMs?: number;
  /** Webhook delivery timing (default: DEFAULT_DELIVERY_TIMING). */
  deliveryTiming?: BuildAppOptions['deliveryTiming'];
  heardRefreshMs?: number;
}

/** The whole app on a store the test owns (the app does not close it). */
export async function buildTestApp({
  store,
  config,
  now,
  unpushedSweepMs,
  deliveryTiming,
  heardRefreshMs,
}: TestAppOptions): Promise<App> {
  const app = await buildApp({
    config: testConfig(config),
    store,
    clientDist: '/nonexistent/rumbo-client-dist',
    now,
    unpushedSweepMs,
    deliveryTiming,
    heardRefreshMs,
  });
  await app.ready();
  return app;
}

/** Listens on an ephemeral port; returns the base URL. */
export async function listen(app: App): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** Creates a caravan through the API (as admin); returns its id. */
export async function createCaravan(app: App, body: Record<string, unknown> = {}): Promise<string> {
  const id = typeof body.id === 'string' ? body.id : newCaravanId();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/caravans',
    headers: adminHeaders,
    payload: { id, name: `Caravan ${id}`, ...body },
  });
  if (response.statusCode !== 201) throw new Error(`creating caravan ${id}: ${response.statusCode} ${response.body}`);
  return id;
}

/** Posts one report or a `{ reports }` batch (as admin unless headers say otherwise). */
export function postReports(
  app: App,
  caravanId: string,
  payload: unknown,
  headers: Record<string, string> = adminHeaders,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/caravans/${caravanId}/reports`,
    headers,
    payload: payload as Record<string, unknown>,
  });
}

/** GET /reports with a query string; returns the parsed list (throws on a non-200). */
export async function listReports(app: App, caravanId: string, query = ''): Promise<Report[]> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/caravans/${caravanId}/reports${query}`,
    headers: adminHeaders,
  });
  if (response.statusCode !== 200) throw new Error(`listing reports: ${response.statusCode} ${response.body}`);
  return (response.json() as { reports: Report[] }).reports;
}

export type NewsroomSocket = Socket<NewsroomServerToClientEvents, NewsroomClientToServerEvents>;

/** Opens a fresh newsroom socket; resolves once connected, rejects with the connect_error. */
export function connectNewsroom(baseUrl: string, token: string): Promise<NewsroomSocket> {
  const socket: NewsroomSocket = io(`${baseUrl}${NEWSROOM_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The next `event` on `socket`, or a rejection after `timeoutMs`. */
export function nextEvent<E extends keyof NewsroomServerToClientEvents>(
  socket: NewsroomSocket,
  event: E,
  timeoutMs = 5_000,
): Promise<Parameters<NewsroomServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<NewsroomServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener as never);
  });
}

/** Every server event a socket receives, in arrival order. */
export function recordEvents(socket: NewsroomSocket): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => seen.push({ event, payload }));
  return seen;
}

/**
 * Resolves after a round trip through the server on this socket's connection: whatever the
 * server sent this socket before handling the round trip has arrived by then.
 */
export async function roundTrip(socket: NewsroomSocket): Promise<void> {
  await socket.timeout(5_000).emitWithAck('caravan:leave', { caravanId: 'no-such-caravan-room' });
}

export type PublicSocket = Socket<PublicServerToClientEvents, PublicClientToServerEvents>;

/** A /public socket that records every raw frame it receives, to search the bytes for leaks. */
export function connectPublicRecording(baseUrl: string): Promise<{ socket: PublicSocket; frames: string[] }> {
  const socket: PublicSocket = io(`${baseUrl}/public`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const frames: string[] = [];
  socket.io.on('open', () => socket.io.engine.on('data', (data) => frames.push(String(data))));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, frames }));
    socket.once('connect_error', reject);
  });
}
