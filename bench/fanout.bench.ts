import { ADMIN_TOKEN } from '../server/test/helper';
import type { BenchRedis } from './bench-redis';
import { barePoster, postRounds, rumboPoster, type SendPost } from './fanout-posts';
import { progress } from './progress';
import { formatMemory, growthPer, startServer, type MemorySample, type ServerKind, type ServerProcess } from './server-api';
import { formatNumber, formatRatio, percentile, refusedText, verdict } from './stats';
import { startViewers } from './viewers-api';

/** Viewer counts: fan-out measures each on servers of its own; cross-instance adds viewers to reach the next. */
export const VIEWER_TIERS = [1_000, 5_000] as const;
/** Posts per measurement: a p99 over 20 posts was the tail of one or two, and moved by 2× between runs. */
export const WARMUP_POSTS = 10;
export const MEASURED_POSTS = 100;
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

/**
 * One server (Rumbo or bare) with `tier` viewers of a caravan of its own in another process: the
 * server memory they cost, then the posts. Each tier starts afresh, so that every viewer joins a
 * caravan with an empty track (a newsroom join is answered with the whole track) and the memory
 * compares the viewers alone. The result is null when the processes may not open that many sockets.
 */
async function measureTier(kind: ServerKind, caravanId: string, tier: number, redisUrl: string) {
  const server: ServerProcess = await startServer({ kind, redisUrl });
  const viewers = await startViewers();
  const openFilesLimit = lowestLimit(server.ready.openFilesLimit, viewers.ready.openFilesLimit);
  try {
    if (!tiersWithinOpenFiles(openFilesLimit).includes(tier)) return { result: null, openFilesLimit };
    const { baseUrl } = server.ready;
    const send: SendPost = kind === 'rumbo' ? rumboPoster(baseUrl, caravanId) : barePoster(baseUrl, caravanId);
    const idle = await server.call('memory');
    progress(`fan-out (${kind}): connecting ${tier} viewers`);
    const { connected } = await viewers.call('connect', { baseUrl, token: ADMIN_TOKEN, caravanId, count: tier });
    const memory = await server.call('memory');
    progress(`fan-out (${kind}): posting to ${connected} viewers`);
    const {
      latenciesMs: [latenciesMs = []],
      missing,
      refused,
    } = await postRounds(viewers, () => connected).run([send], WARMUP_POSTS, MEASURED_POSTS);
    const result: TierResult = {
      viewers: tier,
      p50Ms: percentile(latenciesMs, 0.5),
      p99Ms: percentile(latenciesMs, 0.99),
      missing,
      refused,
      perViewer: growthPer(idle, memory, tier),
      payloadBytes: await viewers.call('payloadBytes'),
    };
    return { result, openFilesLimit };
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
  const lines = [
    `fan-out: POST sent → report:new received, per viewer; ${MEASURED_POSTS} posts after ${WARMUP_POSTS} warm-up, one at a time (viewers: socket.io-client, websocket only, in a child process; each server in its own, started afresh for each number of viewers, the bare one first)`,
  ];
  let openFilesLimit: number | null = null;
  let payloads = '';
  for (const tier of VIEWER_TIERS) {
    const caravanId = await redis.createCaravan(`fanout-${tier}`);
    const bare = await measureTier('bare', caravanId, tier, redis.url);
    const ours = await measureTier('rumbo', caravanId, tier, redis.url);
    openFilesLimit = lowestLimit(bare.openFilesLimit, ours.openFilesLimit);
    if (!bare.result || !ours.result) continue;
    lines.push(...tierLines(ours.result, bare.result));
    payloads ||= `  report:new payload: Rumbo ${ours.result.payloadBytes} B, baseline ${bare.result.payloadBytes} B`;
  }
  if (payloads) lines.push(payloads);
  lines.push(`  ${openFilesText(openFilesLimit, tiersWithinOpenFiles(openFilesLimit))}`);
  return lines;
}

function tierLines(ours: TierResult, base: TierResult): string[] {
  const latencyRatio = ours.p99Ms / base.p99Ms;
  const inUseRatio = ours.perViewer.inUseBytes / base.perViewer.inUseBytes;
  const rssRatio = ours.perViewer.rssBytes / base.perViewer.rssBytes;
  const heapRatio = ours.perViewer.heapUsedBytes / base.perViewer.heapUsedBytes;
  return [
    `  ${formatNumber(ours.viewers)} viewers`,
    `    Rumbo (auth, Redis adapter, then caravan:update)  ${latencyText(ours)}`,
    `    baseline: bare Socket.IO, same payload size       ${latencyText(base)}`,
    `    p99 ratio: ${formatRatio(latencyRatio)} the baseline (target ≤ ${TARGET_P99_RATIO}×: ${verdict(latencyRatio <= TARGET_P99_RATIO)})`,
    `    server memory per idle viewer: Rumbo ${formatMemory(ours.perViewer)}; baseline ${formatMemory(base.perViewer)}`,
    `    memory ratio: in use ${formatRatio(inUseRatio)}, heap ${formatRatio(heapRatio)} the baseline (target ≤ ${TARGET_MEMORY_RATIO}×: in use ${verdict(inUseRatio <= TARGET_MEMORY_RATIO)}, heap ${verdict(heapRatio <= TARGET_MEMORY_RATIO)}); RSS ${formatRatio(rssRatio)}, not judged: V8's empty young-generation pages stay resident`,
  ];
}
