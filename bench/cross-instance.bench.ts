import { ADMIN_TOKEN } from '../server/test/helper';
import type { BenchRedis } from './bench-redis';
import { lowestLimit, MEASURED_POSTS, openFilesText, tiersWithinOpenFiles, WARMUP_POSTS } from './fanout.bench';
import { postRounds, rumboPoster } from './fanout-posts';
import { progress } from './progress';
import { startServer } from './server-api';
import { formatNumber, formatRatio, percentile, refusedText, verdict } from './stats';
import { startViewers } from './viewers-api';

const TARGET_P99_RATIO = 1.3;

const latencyText = (latenciesMs: number[]) =>
  `p50 ${formatNumber(percentile(latenciesMs, 0.5), 1)} ms, p99 ${formatNumber(percentile(latenciesMs, 0.99), 1)} ms`;

/**
 * Cross-instance fan-out: two Rumbo instances (child processes) share one Redis; every viewer is
 * connected to instance B. Posts alternate between instance A (the report reaches B's viewers
 * through the Redis adapter) and B itself (the single-instance baseline), on the same sockets,
 * so both are measured under the same conditions.
 */
export async function crossInstanceBench(redis: BenchRedis): Promise<string[]> {
  const caravanId = await redis.createCaravan('cross');
  const [instanceA, instanceB] = await Promise.all([
    startServer({ kind: 'rumbo', redisUrl: redis.url }),
    startServer({ kind: 'rumbo', redisUrl: redis.url }),
  ]);
  const viewers = await startViewers();
  const lines = [
    `cross-instance: POST to instance A → report:new on viewers of instance B (shared Redis, @socket.io/redis-adapter); baseline: POST to B itself, interleaved on the same viewers, ${MEASURED_POSTS} posts each`,
  ];
  const openFilesLimit = lowestLimit(instanceB.ready.openFilesLimit, viewers.ready.openFilesLimit);
  const tiers = tiersWithinOpenFiles(openFilesLimit);
  try {
    let connected = 0;
    const rounds = postRounds(viewers, () => connected);
    const toA = rumboPoster(instanceA.ready.baseUrl, caravanId);
    const toB = rumboPoster(instanceB.ready.baseUrl, caravanId);
    for (const tier of tiers) {
      progress(`cross-instance: connecting ${tier - connected} more viewers to instance B`);
      ({ connected } = await viewers.call('connect', {
        baseUrl: instanceB.ready.baseUrl,
        token: ADMIN_TOKEN,
        caravanId,
        count: tier - connected,
      }));
      progress(`cross-instance: posting to A and B, ${connected} viewers`);
      const {
        latenciesMs: [crossMs = [], singleMs = []],
        missing,
        refused,
      } = await rounds.run([toA, toB], WARMUP_POSTS, MEASURED_POSTS);
      const ratio = percentile(crossMs, 0.99) / percentile(singleMs, 0.99);
      lines.push(
        `  ${formatNumber(tier)} viewers on B${missing > 0 ? ` (${missing} receipts missing!)` : ''}${refusedText(refused)}`,
        `    posted to A (through Redis)    ${latencyText(crossMs)}`,
        `    baseline: posted to B itself   ${latencyText(singleMs)}`,
        `    p99 ratio: ${formatRatio(ratio)} the single-instance p99 (target ≤ ${TARGET_P99_RATIO}×: ${verdict(ratio <= TARGET_P99_RATIO)})`,
      );
    }
    lines.push(`  ${openFilesText(openFilesLimit, tiers)}`);
  } finally {
    await viewers.stop();
    await Promise.all([instanceA.stop(), instanceB.stop()]);
  }
  return lines;
}
