import { monitorEventLoopDelay } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import type { PublicSnapshot } from '@rumbo/shared';
import { publicProjection, releasedUntil } from '../server/src/public/public-projection';
import { createPublicViews } from '../server/src/public/public-views';
import { createCaravanCache } from '../server/src/services/caravan-cache';
import { keys } from '../server/src/store/keys';
import type { BenchRedis } from './bench-redis';
import { bulkInsertTrack } from './bulk-track';
import { sleep } from './clock';
import { load, type LoadResult, type LoadShape } from './load';
import { progress } from './progress';
import { startServer, type ServerProcess } from './server-api';
import { formatNumber, formatRatio } from './stats';

const REPORTS = 100_000;
/** One fix every 25 s: 29 days of track, all but the last ~75 fixes older than the caravan's 30-minute delay. */
const EVERY_MS = 25_000;
/**
 * Rumbo keeps a snapshot 5 s from when it started computing it: a cached run starts right after a
 * fresh one is computed (and the server takes requests again) and ends before it expires.
 */
const CACHED: LoadShape = { connections: 16, pipelining: 1, durationSeconds: 2 };
const UNCACHED_REQUESTS = 4;
/** Release minutes stepped through in process, each releasing the fixes of one more minute. */
const RELEASE_STEPS = 10;

const publicPath = (caravanId: string) => `/api/v1/public/caravans/${caravanId}`;

interface Answer {
  status: number;
  body: string;
  etag: string;
}

async function get(server: ServerProcess, caravanId: string): Promise<Answer> {
  const response = await fetch(`${server.ready.baseUrl}${publicPath(caravanId)}`);
  return { status: response.status, body: await response.text(), etag: response.headers.get('etag') ?? '' };
}

/**
 * Rumbo's snapshot computed anew (the cached one dropped first); a refused answer (overloaded,
 * the store's command timeout) is tried again, twice.
 */
async function freshSnapshot(rumbo: ServerProcess, caravanId: string): Promise<Answer> {
  let answer: Answer | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    await rumbo.call('invalidatePublic', { caravanId });
    answer = await get(rumbo, caravanId);
    if (answer.status === 200) return answer;
    await sleep(1_000);
  }
  throw new Error(`public snapshot: ${answer?.status} ${answer?.body}`);
}

/**
 * Waits while the server sheds requests (503 overloaded): computing a large snapshot holds its
 * event loop long enough to trip the load shedding for a moment afterwards.
 */
async function takingRequests(server: ServerProcess, caravanId: string, etag: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${server.ready.baseUrl}${publicPath(caravanId)}`, { headers: { 'if-none-match': etag } });
    await response.arrayBuffer();
    if (response.status !== 503) return;
    await sleep(100);
  }
}

/**
 * Each minute releases a new snapshot (new ETag, computed anew): a cached run, with the fresh
 * computation before it, keeps clear of that moment.
 */
async function clearOfMinuteBoundary(): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < 10_000) await sleep(leftMs + 200);
}

/**
 * Autocannon on the public route after `warm` (which returns the current ETag); with
 * `conditional`, every request sends that ETag in If-None-Match and should get a 304.
 */
async function cachedRun(server: ServerProcess, caravanId: string, warm: () => Promise<string>, conditional: boolean) {
  await clearOfMinuteBoundary();
  const etag = await warm();
  await takingRequests(server, caravanId, etag);
  const request: autocannon.Request = {
    method: 'GET',
    path: publicPath(caravanId),
    headers: conditional ? { 'if-none-match': etag } : {},
  };
  return load(server.ready.baseUrl, request, CACHED, conditional ? '3xx' : '2xx');
}

interface Uncached {
  /** The last snapshot answered. */
  answer?: Answer;
  requestMs: number[];
  readMs: number[];
  failures: string[];
}

/**
 * Requests one at a time, each right after the snapshot is dropped, so each computes it from
 * the store; after each, the store's read of the track alone (what the projection starts from).
 */
async function uncachedRequests(rumbo: ServerProcess, caravanId: string): Promise<Uncached> {
  const result: Uncached = { requestMs: [], readMs: [], failures: [] };
  for (let request = 0; request < UNCACHED_REQUESTS; request++) {
    await rumbo.call('invalidatePublic', { caravanId });
    const started = performance.now();
    const answer = await get(rumbo, caravanId);
    if (answer.status === 200) {
      result.requestMs.push(performance.now() - started);
      result.answer = answer;
    } else result.failures.push(`${answer.status} ${answer.body}`);
    await rumbo.call('readPublicTrackMs', { caravanId }).then(
      (ms) => result.readMs.push(ms),
      (error: Error) => result.failures.push(`store read: ${error.message.split('\n')[0]}`),
    );
  }
  return result;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const rate = (result: LoadResult) =>
  `${formatNumber(result.requestsPerSecond)} req/s (p99 ${result.p99Ms} ms)` +
  (result.unexpected > 0 ? ` [${result.unexpected} of ${result.total} answers of another status! ${result.statuses}]` : '');

/** What the caravan's snapshot holds: how many fixes are public, the body's size, the track's points. */
async function describe(redis: BenchRedis, caravanId: string, answer: Answer | undefined): Promise<string> {
  const what = `public snapshot: GET /api/v1/public/caravans/:id, ${formatNumber(REPORTS)} reports`;
  if (!answer) return `${what}: no snapshot could be had`;
  const snapshot = JSON.parse(answer.body) as PublicSnapshot;
  const released = await redis.store.redis.zcount(keys.track(caravanId), '-inf', Date.parse(snapshot.releasedUntil));
  return `${what} (${formatNumber(released)} older than the ${snapshot.delayMinutes}-min delay, so released); body ${formatNumber(Buffer.byteLength(answer.body))} B, ${formatNumber(snapshot.track.length)} track points`;
}

/** Cached runs, Rumbo then bare, If-None-Match → 304 and then plain 200s with the body. */
async function cachedLines(rumbo: ServerProcess, bare: ServerProcess, caravanId: string): Promise<string[]> {
  const first = await freshSnapshot(rumbo, caravanId);
  await bare.call('setPublicBody', { body: first.body, etag: first.etag });
  const warmRumbo = async () => (await freshSnapshot(rumbo, caravanId)).etag;
  const warmBare = async () => first.etag;
  const rumbo304 = await cachedRun(rumbo, caravanId, warmRumbo, true);
  const bare304 = await cachedRun(bare, caravanId, warmBare, true);
  const rumbo200 = await cachedRun(rumbo, caravanId, warmRumbo, false);
  const bare200 = await cachedRun(bare, caravanId, warmBare, false);
  return [
    `  cached, If-None-Match → 304 (${CACHED.connections} connections, ${CACHED.durationSeconds} s)   Rumbo ${rate(rumbo304)}; baseline: bare route, same ETag check ${rate(bare304)}; ratio ${formatRatio(rumbo304.requestsPerSecond / bare304.requestsPerSecond)}`,
    `  cached, 200 with the body                      Rumbo ${rate(rumbo200)}; baseline: bare route, same bytes ${rate(bare200)}; ratio ${formatRatio(rumbo200.requestsPerSecond / bare200.requestsPerSecond)}`,
  ];
}

function uncachedLines(uncached: Uncached): string[] {
  const requestMs = mean(uncached.requestMs);
  const readMs = mean(uncached.readMs);
  return [
    `  uncached (snapshot dropped before each of ${UNCACHED_REQUESTS} requests, one at a time)   Rumbo ${formatNumber(requestMs, 0)} ms/request (${formatNumber(1000 / requestMs, 1)} req/s); baseline: the store's read of the track alone ${formatNumber(readMs, 0)} ms; ratio ${formatRatio(requestMs / readMs)} the read's time`,
    ...uncached.failures.map((failure) => `  uncached request FAILED: ${failure}`),
  ];
}

interface Timed {
  ms: number;
  /** The longest the event loop was held meanwhile: what every other request waited. */
  stallMs: number;
}

/** How long `work` takes, and the longest event-loop stall during it. */
async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const delays = monitorEventLoopDelay({ resolution: 1 });
  delays.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  delays.disable();
  return { ms, stallMs: delays.max / 1e6 };
}

const meanOf = (runs: Timed[]): Timed => ({
  ms: mean(runs.map((run) => run.ms)),
  stallMs: Math.max(...runs.map((run) => run.stallMs)),
});
const timing = ({ ms, stallMs }: Timed) => `${formatNumber(ms, 1)} ms (longest event-loop stall ${formatNumber(stallMs, 0)} ms)`;

/**
 * In this process, on the same Redis: the snapshot as a release minute passes (the fixes of one
 * more minute read and the snapshot made anew), and a full read (page by page), against the
 * snapshot computed as it was before (the whole track read at once, then projected).
 */
async function inProcessLines(redis: BenchRedis, caravanId: string): Promise<string[]> {
  const caravan = await redis.store.getCaravan(caravanId);
  if (!caravan) throw new Error(`no caravan ${caravanId}`);
  let clock = Date.now();
  // No periodic full read in the background: it would run inside the timed steps.
  const views = createPublicViews(
    { store: redis.store, caravans: createCaravanCache(redis.store) },
    { now: () => clock, fullReadMs: Number.POSITIVE_INFINITY },
  );
  const whole: Timed[] = [];
  const full: Timed[] = [];
  for (let run = 0; run < 2; run++) {
    whole.push(
      await timed(async () => {
        const until = releasedUntil(caravan, clock);
        JSON.stringify(publicProjection(caravan, await redis.store.listTrack(caravanId, until, Number.MAX_SAFE_INTEGER), clock));
      }),
    );
    views.invalidate(caravanId);
    full.push(await timed(() => views.view(caravanId)));
  }
  const advanced: Timed[] = [];
  for (let step = 0; step < RELEASE_STEPS; step++) {
    clock += 60_000;
    advanced.push(await timed(() => views.view(caravanId)));
  }
  const before = meanOf(whole);
  return [
    `  release advanced, in process (a minute later: ${RELEASE_STEPS} times)   Rumbo ${timing(meanOf(advanced))}/update; baseline: the whole track read and projected, as before ${timing(before)}; ratio ${formatRatio(meanOf(advanced).ms / before.ms)}`,
    `  full read, in process (page by page)   Rumbo ${timing(meanOf(full))}; baseline: the same, as before ${timing(before)}; ratio ${formatRatio(meanOf(full).ms / before.ms)}`,
  ];
}

/**
 * The public snapshot of a 100,000-report caravan: uncached (the snapshot dropped right before
 * each request) against the store's read of the same track alone, which the projection starts
 * from; in process, a release minute passing and a full read against the computation as it was;
 * cached (the in-process snapshot warm; with If-None-Match → 304, and without → the whole body)
 * against a bare Fastify route serving the same bytes with the same ETag check.
 */
export async function publicSnapshotBench(redis: BenchRedis): Promise<string[]> {
  const caravanId = await redis.createCaravan('public');
  progress(`public snapshot: writing ${formatNumber(REPORTS)} reports`);
  await bulkInsertTrack(redis.store, caravanId, REPORTS, Date.now(), EVERY_MS);
  const [rumbo, bare] = await Promise.all([
    startServer({ kind: 'rumbo', redisUrl: redis.url }),
    startServer({ kind: 'bare', redisUrl: redis.url }),
  ]);
  try {
    progress('public snapshot: uncached requests');
    const uncached = await uncachedRequests(rumbo, caravanId);
    const lines = [await describe(redis, caravanId, uncached.answer), ...uncachedLines(uncached)];
    progress('public snapshot: in process, release advanced and full read');
    lines.push(
      ...(await inProcessLines(redis, caravanId).catch((error: Error) => [`  in-process runs FAILED: ${error.message}`])),
    );
    progress('public snapshot: cached runs');
    lines.push(
      ...(await cachedLines(rumbo, bare, caravanId).catch((error: Error) => [`  cached runs FAILED: ${error.message}`])),
    );
    return lines;
  } finally {
    await Promise.all([rumbo.stop(), bare.stop()]);
  }
}
