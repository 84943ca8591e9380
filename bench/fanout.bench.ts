import { ADMIN_TOKEN } from '../server/test/helper';
import type { BenchRedis } from './bench-redis';
import { barePoster, postRounds, rumboPoster, type SendPost } from './fanout-posts';
import { progress } from './progress';
import { formatMemory, growthPer, startServer, type MemorySample, type ServerKind, type ServerProcess } from './server-api';
import { formatNumber, formatRatio, percentile, refusedText, verdict } from './stats';
import { startViewers } from './viewers-api';

/** Viewer counts, reached one after the other on the same server (1,000, then 4,000 more). */
export const VIEWER_TIERS = [1_000, 5_000] as const;
export const WARMUP_POSTS = 3;
export const MEASURED_POSTS = 20;
const TARGET_P99_RATIO = 1.5;
const TARGET_MEMORY_RATIO = 1.5;

interface TierResult {
  viewers: number;
  p50Ms: number;
  p99Ms: number;
  missing: number;
  refused: string[];
  /** Server memory growth over the idle server, per connected viewer, before any post at this tier. */
  perViewer: MemorySample;
  payloadBytes: number;
}

/** Sockets a process may hold besides the viewers' (Redis, IPC, files node keeps open). */
const SPARE_FILES = 200;

/**
 * The tiers both processes have open files for: each viewer is a socket in the server and one in
 * the viewers process. Their soft limit is raised to the hard one at start (child-process.ts).
 */
export function tiersWithinOpenFiles(limit: number | null): number[] {
  return VIEWER_TIERS.filter((tier) => limit === null || limit >= tier + SPARE_FILES);
}

/** The lowest of the processes' open-files limits; null when none has one. */
export function lowestLimit(...limits: Array<number | null>): number | null {
  const known = limits.filter((limit): limit is number => limit !== null);
  return known.length > 0 ? Math.min(...known) : null;
}

export const openFilesText = (limit: number | null, tiers: readonly number[]) =>
  `open files: limit ${limit ?? 'none'} per process (ulimit -n, raised to the hard limit)` +
  (tiers.length < VIEWER_TIERS.length
    ? `: too few for ${VIEWER_TIERS.filter((tier) => !tiers.includes(tier)).join(', ')} viewers, SKIPPED`
    : '');

interface Measured {
  results: TierResult[];
  openFilesLimit: number | null;
}

/** One server (Rumbo or bare) with its viewers in another process, through every tier. */
async function measure(kind: ServerKind, redis: BenchRedis, caravanId: string): Promise<Measured> {
  const server: ServerProcess = await startServer({ kind, redisUrl: redis.url });
  const viewers = await startViewers();
  const openFilesLimit = lowestLimit(server.ready.openFilesLimit, viewers.ready.openFilesLimit);
  const tiers = tiersWithinOpenFiles(openFilesLimit);
  try {
    const { baseUrl } = server.ready;
    const send: SendPost = kind === 'rumbo' ? rumboPoster(baseUrl, caravanId) : barePoster(baseUrl, caravanId);
    let connected = 0;
    const rounds = postRounds(viewers, () => connected);
    const idle = await server.call('memory');
    const results: TierResult[] = [];
    for (const tier of tiers) {
      progress(`fan-out (${kind}): connecting ${tier - connected} more viewers`);
      ({ connected } = await viewers.call('connect', { baseUrl, token: ADMIN_TOKEN, caravanId, count: tier - connected }));
      const memory = await server.call('memory');
      progress(`fan-out (${kind}): posting to ${connected} viewers`);
      const {
        latenciesMs: [latenciesMs = []],
        missing,
        refused,
      } = await rounds.run([send], WARMUP_POSTS, MEASURED_POSTS);
      results.push({
        viewers: tier,
        p50Ms: percentile(latenciesMs, 0.5),
        p99Ms: percentile(latenciesMs, 0.99),
        missing,
        refused,
        perViewer: growthPer(idle, memory, tier),
        payloadBytes: await viewers.call('payloadBytes'),
      });
    }
    return { results, openFilesLimit };
  } finally {
    await viewers.stop();
    await server.stop();
  }
}

const latencyText = (result: TierResult) =>
  `p50 ${formatNumber(result.p50Ms, 1)} ms, p99 ${formatNumber(result.p99Ms, 1)} ms` +
  (result.missing > 0 ? ` (${result.missing} receipts missing!)` : '') +
  refusedText(result.refused);

/**
 * Fan-out: from a POST being sent to `report:new` arriving on every one of N newsroom viewers,
 * against a bare Socket.IO server broadcasting a payload of the same size to N sockets in a room;
 * and the server memory each idle viewer costs.
 */
export async function fanoutBench(redis: BenchRedis): Promise<string[]> {
  const caravanId = await redis.createCaravan('fanout');
  const { results: bare } = await measure('bare', redis, caravanId);
  const { results: rumbo, openFilesLimit } = await measure('rumbo', redis, caravanId);
  const lines = [
    `fan-out: POST sent → report:new received, per viewer; ${MEASURED_POSTS} posts after ${WARMUP_POSTS} warm-up, one at a time (viewers: socket.io-client, websocket only, in a child process; each server in its own)`,
  ];
  for (const [index, ours] of rumbo.entries()) {
    const base = bare[index]!;
    const latencyRatio = ours.p99Ms / base.p99Ms;
    const inUseRatio = ours.perViewer.inUseBytes / base.perViewer.inUseBytes;
    const rssRatio = ours.perViewer.rssBytes / base.perViewer.rssBytes;
    const heapRatio = ours.perViewer.heapUsedBytes / base.perViewer.heapUsedBytes;
    lines.push(
      `  ${formatNumber(ours.viewers)} viewers`,
      `    Rumbo (auth, Redis adapter, then caravan:update)  ${latencyText(ours)}`,
      `    baseline: bare Socket.IO, same payload size       ${latencyText(base)}`,
      `    p99 ratio: ${formatRatio(latencyRatio)} the baseline (target ≤ ${TARGET_P99_RATIO}×: ${verdict(latencyRatio <= TARGET_P99_RATIO)})`,
      `    server memory per idle viewer: Rumbo ${formatMemory(ours.perViewer)}; baseline ${formatMemory(base.perViewer)}`,
      `    memory ratio: in use ${formatRatio(inUseRatio)}, heap ${formatRatio(heapRatio)} the baseline (target ≤ ${TARGET_MEMORY_RATIO}×: in use ${verdict(inUseRatio <= TARGET_MEMORY_RATIO)}, heap ${verdict(heapRatio <= TARGET_MEMORY_RATIO)}); RSS ${formatRatio(rssRatio)}, not judged: V8's empty young-generation pages stay resident`,
    );
  }
  lines.push(
    `  report:new payload: Rumbo ${rumbo[0]?.payloadBytes} B, baseline ${bare[0]?.payloadBytes} B`,
    `  ${openFilesText(openFilesLimit, tiersWithinOpenFiles(openFilesLimit))}`,
  );
  return lines;
}
