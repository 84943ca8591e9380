import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POLL_INTERVAL_MS, POLL_JITTER_MS } from '../client/src/embed/poll-cadence';
import { publicStepMs } from '../server/src/public/public-projection';
import { createPublicViews, type PublicView } from '../server/src/public/public-views';
import { createCaravanCache } from '../server/src/services/caravan-cache';
import { NGINX, startLocalNginx, type LocalNginx } from '../server/test/deploy/local-nginx';
import { bulkInsertTrack } from './bulk-track';
import { loadLine } from './machine';
import type { BenchRedis } from './bench-redis';
import { progress } from './progress';
import { startReaders, type ReaderRequestKind, type ReaderRunResult, type ReadersProcess } from './readers-api';
import { formatMemory, growthPer, startServer, type MemorySample, type ServerKind, type ServerProcess } from './server-api';
import { formatNumber, formatRatio, percentile, verdict } from './stats';
import { startViewers } from './viewers-api';

/**
 * The full run: 100,000 readers over the run, 10,000 with the page open at any moment, and
 * 10,000 sockets. BENCH_READERS_SCALE=0.1 scales all three (and shortens the run) for a quick look.
 */
const SCALE = Number(process.env.BENCH_READERS_SCALE ?? 1);
const READERS = Math.round(100_000 * SCALE);
const OPEN_READERS = Math.round(10_000 * SCALE);
const SOCKETS = Math.round(10_000 * SCALE);
/** Readers each slot holds one after the other: READERS / OPEN_READERS. */
const READERS_PER_SLOT = 10;
/** The target is for 10,000 readers, polling through nginx's cache. */
const TARGET_OPEN_READERS = 10_000;
const TARGET_ORIGIN_PER_READER_MINUTE = 0.01;

/**
 * Time compression (README, "Readers at scale"): 100,000 readers coming and going with 10,000
 * open at once need each to stay a tenth of the run, and readers who poll once a minute must stay
 * minutes. So every wait of the readers runs 20 times faster, and so do Rumbo's release clock, the
 * ages in its Cache-Control (which set how long nginx keeps an answer) and its own periodic
 * checks; requests, and their latency, are real. 40 simulated minutes take 2 real ones. Each
 * per-reader-minute figure divides what was counted (origin requests, Redis commands) by the
 * readers' simulated minutes with the page open, summed from when each really started and stopped.
 */
const SIMULATED_MINUTES = 40;
/** A quick run (BENCH_READERS_SCALE below 1) goes through the same simulated time faster, down to a quarter of the time. */
const SPEEDUP = 20 / Math.max(0.25, Math.min(1, SCALE));
/** Readers arrive over one poll interval at the start: a story going up, not one instant. */
const RAMP_MS = POLL_INTERVAL_MS;
/** Reader processes, and keep-alive connections in each one's pool. */
const READER_PROCESSES = 2;
const CONNECTIONS_PER_PROCESS = 64;

/** The caravan: its way north, one fix a minute for three and a half days, on the finest public grid (0.5 km). */
const FIXES = 5_000;
const FIX_EVERY_MS = 60_000;
const PRECISION_KM = 0.5;
/** Found from bench/dist, where this code runs from (local-nginx.ts finds it from its own source place). */
const DEPLOYED_NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));
/** Sockets a process may hold besides the readers' (Redis, IPC, files node keeps open). */
const SPARE_FILES = 200;

/** Commands by name. */
type RedisUse = Map<string, number>;

interface Phase {
  readers: ReaderRunResult;
  /** Requests for the public paths that reached Rumbo (server-child.ts counts them). */
  origin: number;
  /** Commands Rumbo's Redis clients sent during the run (server-child.ts counts them). */
  redis: RedisUse;
  load: string;
}

async function redisCommandsSince(server: ServerProcess, before: Record<string, number>): Promise<RedisUse> {
  const after = await server.call('redisCommands');
  return new Map(
    Object.entries(after)
      .map(([name, calls]): [string, number] => [name, calls - (before[name] ?? 0)])
      .filter(([, calls]) => calls > 0),
  );
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

/** The readers of all processes as one crowd. */
function merge(results: ReaderRunResult[]): ReaderRunResult {
  const counts = (pick: (result: ReaderRunResult) => Record<string, number>) => {
    const merged: Record<string, number> = {};
    for (const result of results)
      for (const [key, count] of Object.entries(pick(result))) merged[key] = (merged[key] ?? 0) + count;
    return merged;
  };
  const kinds: ReaderRequestKind[] = ['config', 'snapshot', 'updates'];
  return {
    readers: sum(results.map((result) => result.readers)),
    readerMinutes: sum(results.map((result) => result.readerMinutes)),
    peakReaders: sum(results.map((result) => result.peakReaders)),
    requests: counts((result) => result.requests) as Record<ReaderRequestKind, number>,
    statuses: counts((result) => result.statuses),
    cacheStatuses: counts((result) => result.cacheStatuses),
    latenciesMs: Object.fromEntries(kinds.map((kind) => [kind, results.flatMap((result) => result.latenciesMs[kind])])) as Record<
      ReaderRequestKind,
      number[]
    >,
    updates: counts((result) => result.updates),
    releaseSteps: Math.max(...results.map((result) => result.releaseSteps)),
    failures: sum(results.map((result) => result.failures)),
    failureSamples: results.flatMap((result) => result.failureSamples).slice(0, 3),
    wallSeconds: Math.max(...results.map((result) => result.wallSeconds)),
  };
}

/** The same readers (same seeds, so the same arrivals, stays and jitter) against `baseUrl`. */
async function runReaders(processes: ReadersProcess[], baseUrl: string, caravanId: string): Promise<ReaderRunResult> {
  const slots = OPEN_READERS / READER_PROCESSES;
  const results = await Promise.all(
    processes.map((process, index) =>
      process.call('run', {
        baseUrl,
        caravanId,
        slots: Math.floor(slots) + (index < OPEN_READERS % READER_PROCESSES ? 1 : 0),
        readersPerSlot: READERS_PER_SLOT,
        durationMs: SIMULATED_MINUTES * 60_000,
        rampMs: RAMP_MS,
        speedup: SPEEDUP,
        connections: CONNECTIONS_PER_PROCESS,
        seed: 1_000 + index,
      }),
    ),
  );
  return merge(results);
}

/**
 * One run of the readers against a Rumbo started for it (its clock compressed), through nginx or
 * straight: what reached Rumbo, and what Rumbo asked of Redis meanwhile.
 */
async function phase(
  redis: BenchRedis,
  processes: ReadersProcess[],
  caravanId: string,
  through: 'nginx' | 'direct',
): Promise<Phase> {
  const rumbo = await startServer({ kind: 'rumbo', redisUrl: redis.url, clockSpeedup: SPEEDUP });
  let nginx: LocalNginx | undefined;
  try {
    if (through === 'nginx')
      nginx = await startLocalNginx(Number(new URL(rumbo.ready.baseUrl).port), undefined, DEPLOYED_NGINX_CONF);
    const load = loadLine();
    progress(
      `readers (${through}): ${formatNumber(READERS)} readers, ${formatNumber(OPEN_READERS)} at a time, ${SIMULATED_MINUTES} simulated minutes`,
    );
    const originBefore = await rumbo.call('publicRequests');
    const redisBefore = await rumbo.call('redisCommands');
    const readers = await runReaders(processes, nginx?.url ?? rumbo.ready.baseUrl, caravanId);
    const redisUse = await redisCommandsSince(rumbo, redisBefore);
    const origin = (await rumbo.call('publicRequests')) - originBefore;
    return { readers, origin, redis: redisUse, load };
  } finally {
    await nginx?.stop();
    await rumbo.stop();
  }
}

interface Sockets {
  connected: number;
  perReader: MemorySample;
  joinMs: number[];
}

/**
 * `SOCKETS` readers on `/public` sockets of one server, joined to the caravan's room; the bare
 * server's joins answer with `view`'s snapshot.
 */
async function socketsOn(kind: ServerKind, redis: BenchRedis, caravanId: string, view: PublicView): Promise<Sockets> {
  const server: ServerProcess = await startServer({ kind, redisUrl: redis.url, publicLive: true });
  const viewers = await startViewers();
  try {
    const limits = [server.ready.openFilesLimit, viewers.ready.openFilesLimit].filter((limit) => limit !== null);
    if (limits.some((limit) => limit < SOCKETS + SPARE_FILES))
      throw new Error(`too few open files (ulimit -n ${Math.min(...limits)}) for ${SOCKETS} sockets`);
    if (kind === 'bare') await server.call('setPublicBody', { body: view.body, etag: view.etag });
    else {
      // Read once over HTTP first, so that the view is computed before the idle sample.
      const response = await fetch(`${server.ready.baseUrl}/api/v1/public/caravans/${caravanId}`);
      if (response.status !== 200) throw new Error(`public snapshot: ${response.status}`);
      await response.arrayBuffer();
    }
    const idle = await server.call('memory');
    progress(`readers on sockets (${kind}): connecting ${formatNumber(SOCKETS)}`);
    const { connected, joinMs } = await viewers.call('connectPublic', {
      baseUrl: server.ready.baseUrl,
      caravanId,
      count: SOCKETS,
    });
    const held = await server.call('memory');
    return { connected, perReader: growthPer(idle, held, connected), joinMs };
  } finally {
    await viewers.stop();
    await server.stop();
  }
}

const perMinute = (count: number, readerMinutes: number) => count / readerMinutes;
const rate = (value: number) => (value >= 0.1 ? formatNumber(value, 2) : value.toPrecision(2));
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${formatNumber(value, value < 10 ? 1 : 0)} ms`);
const share = (part: number, whole: number) => `${formatNumber((100 * part) / whole, 1)}%`;
const redisCalls = (use: RedisUse) => sum(use.values());
const topCommands = (use: RedisUse, readerMinutes: number) =>
  [...use]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([name, calls]) => `${name} ${rate(calls / readerMinutes)}`)
    .join(', ');

function latencies(result: ReaderRunResult) {
  const all = [...result.latenciesMs.config, ...result.latenciesMs.snapshot, ...result.latenciesMs.updates];
  const p99 = (kind: ReaderRequestKind) => ms(percentile(result.latenciesMs[kind], 0.99));
  return {
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    byKind: `settings p99 ${p99('config')}, snapshot p99 ${p99('snapshot')}, updates p99 ${p99('updates')}`,
  };
}

/** Small ratios keep two significant digits: 0.00019×, not 0.00×. */
const ratio = (value: number) => (value > 0 && value < 0.01 ? `${value.toPrecision(2)}×` : formatRatio(value));

function describeReaders(result: ReaderRunResult): string {
  const { config, snapshot, updates } = result.requests;
  const outcomes = Object.entries(result.updates)
    .map(([kind, count]) => `${kind} ${formatNumber(count)}`)
    .join(', ');
  return (
    `${formatNumber(result.readers)} readers, ${formatNumber(result.peakReaders)} open at once, ${formatNumber(result.readerMinutes)} reader-minutes ` +
    `in ${formatNumber(result.wallSeconds)} s (${formatNumber(sum(Object.values(result.requests)) / result.wallSeconds)} requests/s); requests: ${formatNumber(config)} settings, ${formatNumber(snapshot)} snapshots, ${formatNumber(updates)} updates (${outcomes}); ` +
    `${result.releaseSteps} release steps held` +
    (result.failures > 0 ? `; ${formatNumber(result.failures)} FAILED, e.g. ${result.failureSamples.join(' | ')}` : '')
  );
}

function pollingLines(cached: Phase | string, direct: Phase): string[] {
  const directMinutes = direct.readers.readerMinutes;
  const directOrigin = perMinute(direct.origin, directMinutes);
  const directRedis = perMinute(redisCalls(direct.redis), directMinutes);
  const directRequests = perMinute(sum(Object.values(direct.readers.requests)), directMinutes);
  const directLatency = latencies(direct.readers);
  const lines: string[] = [];
  if (typeof cached === 'string') {
    lines.push(
      `  through nginx: ${cached}`,
      `  origin requests per reader-minute   straight to Rumbo, no cache: ${rate(directOrigin)} (${formatNumber(direct.origin)} requests)`,
      `  Redis commands per reader-minute    straight to Rumbo: ${rate(directRedis)} (${topCommands(direct.redis, directMinutes)})`,
      `  reader latency                      straight to Rumbo: p50 ${ms(directLatency.p50)}, p99 ${ms(directLatency.p99)} (${directLatency.byKind})`,
    );
  } else {
    const minutes = cached.readers.readerMinutes;
    const origin = perMinute(cached.origin, minutes);
    const redisRate = perMinute(redisCalls(cached.redis), minutes);
    const requests = perMinute(sum(Object.values(cached.readers.requests)), minutes);
    const latency = latencies(cached.readers);
    const answers = sum(Object.values(cached.readers.cacheStatuses));
    const statuses = Object.entries(cached.readers.cacheStatuses)
      .sort(([, a], [, b]) => b - a)
      .map(([status, count]) => `${status} ${formatNumber(count)}`)
      .join(', ');
    const target =
      OPEN_READERS >= TARGET_OPEN_READERS
        ? `target < ${TARGET_ORIGIN_PER_READER_MINUTE}: ${verdict(origin < TARGET_ORIGIN_PER_READER_MINUTE)}`
        : `the target (< ${TARGET_ORIGIN_PER_READER_MINUTE}) is for ${formatNumber(TARGET_OPEN_READERS)} readers`;
    lines.push(
      `  reader requests per reader-minute   through nginx ${rate(requests)}; baseline: straight to Rumbo ${rate(directRequests)}; ratio ${formatRatio(requests / directRequests)} (the same readers: ≈ 1×)`,
      `  origin requests per reader-minute   through nginx ${rate(origin)} (${formatNumber(cached.origin)} requests reached Rumbo); baseline: straight to Rumbo, no cache ${rate(directOrigin)} (${formatNumber(direct.origin)}); ratio ${ratio(origin / directOrigin)} (${target})`,
      `  Redis commands per reader-minute    through nginx ${rate(redisRate)} (${formatNumber(redisCalls(cached.redis))} commands; ${topCommands(cached.redis, minutes)}); baseline: straight to Rumbo ${rate(directRedis)} (${topCommands(direct.redis, directMinutes)}); ratio ${ratio(redisRate / directRedis)}`,
      `  reader latency, every request        through nginx p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)} (${latency.byKind}); baseline: straight to Rumbo p50 ${ms(directLatency.p50)}, p99 ${ms(directLatency.p99)} (${directLatency.byKind}); p99 ratio ${ratio(latency.p99 / directLatency.p99)}`,
      `  nginx X-Cache-Status                HIT ${share(cached.readers.cacheStatuses.HIT ?? 0, answers)} of reader requests (${statuses}); baseline: no cache, every request reaches Rumbo`,
      `  through nginx (${cached.load} at its start): ${describeReaders(cached.readers)}`,
    );
  }
  lines.push(`  straight to Rumbo (${direct.load} at its start): ${describeReaders(direct.readers)}`);
  return lines;
}

function socketLines(rumbo: Sockets, bare: Sockets): string[] {
  const rumboP99 = percentile(rumbo.joinMs, 0.99);
  const bareP99 = percentile(bare.joinMs, 0.99);
  return [
    `readers on sockets: ${formatNumber(rumbo.connected)} /public sockets (PUBLIC_LIVE=1; socket.io-client, websocket only, 100 opening at a time) joined to the caravan's room, against a bare Socket.IO server whose join answers with the same snapshot`,
    `  server memory per reader (after GC)   Rumbo ${formatMemory(rumbo.perReader)}; baseline: bare Socket.IO ${formatMemory(bare.perReader)}; ratio in use ${formatRatio(rumbo.perReader.inUseBytes / bare.perReader.inUseBytes)}, heap ${formatRatio(rumbo.perReader.heapUsedBytes / bare.perReader.heapUsedBytes)}, RSS ${formatRatio(rumbo.perReader.rssBytes / bare.perReader.rssBytes)}`,
    `  join (caravan:join → ack with the snapshot)   Rumbo p50 ${ms(percentile(rumbo.joinMs, 0.5))}, p99 ${ms(rumboP99)}; baseline: bare p50 ${ms(percentile(bare.joinMs, 0.5))}, p99 ${ms(bareP99)}; p99 ratio ${formatRatio(rumboP99 / bareP99)}`,
  ];
}

/**
 * Readers at scale: the embed's polling by a crowd (READERS over the run, OPEN_READERS at once)
 * through the real nginx with deploy/nginx.conf, against the same crowd straight to Rumbo; then
 * readers on `/public` sockets against a bare Socket.IO server.
 */
export async function readersBench(redis: BenchRedis): Promise<string[]> {
  if (!(SCALE > 0 && SCALE <= 1))
    throw new Error(`BENCH_READERS_SCALE must be in (0, 1], not ${process.env.BENCH_READERS_SCALE}`);
  const store = redis.store;
  const processes: ReadersProcess[] = [];
  try {
    const caravanId = await redis.createCaravan('readers', {
      public: { delayMinutes: 30, precisionKm: PRECISION_KM, showNotes: false },
    });
    // Fixes up to past the end of both runs' simulated time: the release step moves on through them.
    const lastFixMs = Date.now() + (SIMULATED_MINUTES + 20) * 60_000;
    await bulkInsertTrack(store, caravanId, FIXES, lastFixMs, FIX_EVERY_MS);
    // The snapshot as it stands now: its size for the first line, its bytes for the bare server's joins.
    const view = await createPublicViews({ store, caravans: createCaravanCache(store) }).view(caravanId);
    if (!view) throw new Error(`caravan ${caravanId} is not public`);
    processes.push(...(await Promise.all(Array.from({ length: READER_PROCESSES }, () => startReaders()))));

    const cached = existsSync(NGINX)
      ? await phase(redis, processes, caravanId, 'nginx')
      : `skipped: nginx not installed (${NGINX})`;
    const direct = await phase(redis, processes, caravanId, 'direct');

    const sockets = await (async () => {
      const rumbo = await socketsOn('rumbo', redis, caravanId, view);
      const bare = await socketsOn('bare', redis, caravanId, view);
      return socketLines(rumbo, bare);
    })().catch((error: Error) => [`readers on sockets: FAILED: ${error.message}`]);
    return [
      `readers: the embed's polling (client settings and snapshot at start, then GET …/updates?since=<step> every ${POLL_INTERVAL_MS / 1000} s + up to ${POLL_JITTER_MS / 1000} s, ` +
        `client/src/embed/poll-cadence.ts), ${formatNumber(READERS)} readers over ${SIMULATED_MINUTES} simulated minutes, ${formatNumber(OPEN_READERS)} open at once, ` +
        `time compressed ${SPEEDUP}× (README: "Readers at scale"); in ${READER_PROCESSES} processes, undici pools of ${CONNECTIONS_PER_PROCESS} keep-alive connections each; ` +
        `a caravan of ${formatNumber(FIXES)} fixes on a ${PRECISION_KM} km grid (a release step every ${publicStepMs(PRECISION_KM) / 60_000} simulated min), snapshot ${formatNumber(Buffer.byteLength(view.body))} B, ${formatNumber(view.snapshot.track.length)} track points; Redis commands as Rumbo's clients sent them (a script or a pipelined command counts once)`,
      ...pollingLines(cached, direct),
      ...sockets,
    ];
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
  }
}
