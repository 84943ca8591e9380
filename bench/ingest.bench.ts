import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import { LIMITS, type RouteLine } from '@rumbo/shared';
import type { BenchRedis } from './bench-redis';
import { load, type LoadResult, type LoadShape } from './load';
import { durableKeys, startServer, type ServerKind } from './server-api';
import { formatNumber, formatRatio, verdict } from './stats';

const SHAPE: LoadShape = { connections: 32, pipelining: 1, durationSeconds: 10 };
/**
 * Rumbo and the durable route are measured in turns, this many rounds, each pair back to back and
 * every other round in the other order (durable first, then Rumbo first), so a machine speeding up
 * or slowing down favours neither: on a shared machine one 10-second run of either can be a
 * quarter off the next one, and a pair measured side by side shares the machine's mood. The median
 * round's ratio is the verdict. Three rounds gave medians from 0.50× to 0.65× for the same commit
 * within the hour (2026-12-06); five narrow that.
 */
const ROUNDS = 5;
const WARMUP: LoadShape = { ...SHAPE, durationSeconds: 2 };
/** Against the bare route (a constant answer). */
const TARGET_RATIO = 0.5;
/** Against the minimal durable route (validation, one Redis MULTI, the same answer's shape). */
const DURABLE_TARGET_RATIO = 0.6;

/**
 * One new report per request, each with an id of its own: a resting caravan's GPS jitter around
 * Tapachula (a few metres, accuracy 10 m), so every fix is plausible and lands on the track. Fix
 * times are a millisecond apart, from a minute ago on: a load generator sends many requests in the
 * same millisecond, which a caravan's phones do not, and fixes with equal times make the insert
 * script read their neighbours twice.
 */
function reportBodies(): () => string {
  const run = randomBytes(4).toString('hex');
  const firstFixMs = Date.now() - 60_000;
  let sent = 0;
  return () => {
    sent++;
    return JSON.stringify({
      id: `ingest-${run}-${sent}`,
      lng: -92.2633 + ((sent % 7) - 3) * 0.00002,
      lat: 14.9056 + ((sent % 5) - 2) * 0.00002,
      recordedAt: new Date(firstFixMs + sent).toISOString(),
      accuracyM: 10,
    });
  };
}

/**
 * A planned route as long as a caravan may have (the schema's maximum): Tapachula to Ciudad Juárez,
 * about 2,400 km, winding a little, one vertex every ~120 m. Every summary measures the route left.
 */
function longestRoute(): RouteLine {
  const [fromLng, fromLat, toLng, toLat] = [-92.2633, 14.9056, -106.4245, 31.6904];
  const coordinates = Array.from({ length: LIMITS.routePoints }, (_, index): [number, number] => {
    const along = index / (LIMITS.routePoints - 1);
    const wiggle = 0.05 * Math.sin(along * 400);
    return [fromLng + (toLng - fromLng) * along + wiggle, fromLat + (toLat - fromLat) * along - wiggle];
  });
  return { type: 'LineString', coordinates };
}

/**
 * POST one new report per request to the caravan, as a reporter of it does: with a reporter's
 * token, which the server looks up among the accounts (an admin's token is checked against the
 * environment's and never looked up, so it would leave that out).
 */
function postReports(caravanId: string, token: string): autocannon.Request {
  const nextBody = reportBodies();
  return {
    method: 'POST',
    path: `/api/v1/caravans/${caravanId}/reports`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    setupRequest: (base) => ({ ...base, body: nextBody() }),
  };
}

/**
 * A load result, the server process's CPU time per answered request during it, and, for Rumbo,
 * the commands its Redis clients sent per answered request (a script or a pipeline counts once).
 */
interface Measured extends LoadResult {
  cpuMicrosPerRequest: number;
  /** Redis's own CPU time (user and system, INFO cpu) per answered request: the work the server's writes cost it. */
  redisCpuMicrosPerRequest: number;
  redisCommandsPerRequest: number | null;
}

/** Redis's CPU time so far, in microseconds (all its threads, user and system). */
async function redisCpuMicros(redis: BenchRedis): Promise<number> {
  const info = await redis.store.redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

const totalCommands = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

/** A warm-up, then the measured run, of the same requests against one server. */
async function measure(kind: ServerKind, redis: BenchRedis, request: autocannon.Request): Promise<Measured> {
  const server = await startServer({ kind, redisUrl: redis.url });
  try {
    await load(server.ready.baseUrl, request, WARMUP);
    const commandsBefore = kind === 'rumbo' ? totalCommands(await server.call('redisCommands')) : 0;
    const cpuBefore = await server.call('cpuMicros');
    const redisCpuBefore = await redisCpuMicros(redis);
    const result = await load(server.ready.baseUrl, request, SHAPE);
    const cpuMicros = (await server.call('cpuMicros')) - cpuBefore;
    const redisCpu = (await redisCpuMicros(redis)) - redisCpuBefore;
    const answered = Math.max(1, result.total);
    const commands = kind === 'rumbo' ? totalCommands(await server.call('redisCommands')) - commandsBefore : null;
    return {
      ...result,
      cpuMicrosPerRequest: cpuMicros / answered,
      redisCpuMicrosPerRequest: redisCpu / answered,
      redisCommandsPerRequest: commands === null ? null : commands / answered,
    };
  } finally {
    await server.stop();
  }
}

const row = (name: string, result: Measured) =>
  `  ${name.padEnd(54)} ${formatNumber(result.requestsPerSecond).padStart(7)} req/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   server CPU ${formatNumber(result.cpuMicrosPerRequest)} µs/req   Redis CPU ${formatNumber(result.redisCpuMicrosPerRequest)} µs/req` +
  (result.redisCommandsPerRequest === null ? '' : `   Redis ${result.redisCommandsPerRequest.toFixed(2)} commands/req`) +
  (result.unexpected > 0 ? `   (${result.unexpected} of ${result.total} answers not 2xx! ${result.statuses})` : '');

/** Removes what the durable baseline wrote for the caravan (a key per report, its track). */
async function removeDurableKeys(redis: BenchRedis, caravanId: string): Promise<void> {
  for await (const found of redis.store.redis.scanStream({ match: durableKeys.pattern(caravanId), count: 1_000 })) {
    const batch = found as string[];
    if (batch.length > 0) await redis.store.redis.unlink(...batch);
  }
}

/**
 * Ingest throughput: POST /api/v1/caravans/:id/reports, one report a request (auth, validation,
 * geo, the Redis insert script, the push to the newsroom), against two baselines: a bare Fastify
 * route that answers a constant, and a minimal durable route (Rumbo's body schema, one Redis MULTI
 * of SET NX, ZADD and PUBLISH per report, Rumbo's answer shape): what storing and pushing a report
 * costs at least. Every server runs in a child process of its own, one after the other, loaded by
 * autocannon from this process with the same connections, pipelining, warm-up and duration; Rumbo
 * and the durable route take ROUNDS turns. Two more rows put the ratios in context: the same ingest into a caravan with the longest planned
 * route allowed (its cost must not grow with the route), and Rumbo's request pipeline alone (auth,
 * the rate limit, metrics, load shedding) on GET /api/v1/me, which does nothing else: no route of
 * this server can be faster, so its ratio is the ceiling of ingest's.
 */
export async function ingestBench(redis: BenchRedis): Promise<string[]> {
  // Each round into an empty caravan, as the durable route writes into keys of its own each round.
  const roundCaravanIds: string[] = [];
  for (let round = 0; round < ROUNDS; round++) roundCaravanIds.push(await redis.createCaravan(`ingest-${round}`));
  const routedCaravanId = await redis.createCaravan('ingest-route', { route: longestRoute() });
  const token = await redis.createReporter([...roundCaravanIds, routedCaravanId]);
  const bare = await measure('bare', redis, postReports(roundCaravanIds[0]!, token));
  const rounds: Array<{ durable: Measured; rumbo: Measured }> = [];
  for (const [round, roundCaravanId] of roundCaravanIds.entries()) {
    const measureDurable = () =>
      measure('durable', redis, postReports(roundCaravanId, token)).finally(() => removeDurableKeys(redis, roundCaravanId));
    const measureRumbo = () => measure('rumbo', redis, postReports(roundCaravanId, token));
    if (round % 2 === 0) {
      const durable = await measureDurable();
      rounds.push({ durable, rumbo: await measureRumbo() });
    } else {
      const rumbo = await measureRumbo();
      rounds.push({ rumbo, durable: await measureDurable() });
    }
  }
  const ratioOf = ({ durable, rumbo }: (typeof rounds)[number]) => rumbo.requestsPerSecond / durable.requestsPerSecond;
  const { durable, rumbo } = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(ROUNDS / 2)]!;
  const routed = await measure('rumbo', redis, postReports(routedCaravanId, token));
  const pipeline = await measure('rumbo', redis, {
    method: 'GET',
    path: '/api/v1/me',
    headers: { authorization: `Bearer ${token}` },
  });
  const ratio = rumbo.requestsPerSecond / bare.requestsPerSecond;
  const durableRatio = rumbo.requestsPerSecond / durable.requestsPerSecond;
  const of = (result: Measured) =>
    `${formatRatio(result.requestsPerSecond / bare.requestsPerSecond)} bare, ${formatRatio(result.requestsPerSecond / durable.requestsPerSecond)} durable`;
  return [
    `ingest: POST one report per request as a reporter, ${SHAPE.connections} connections, pipelining ${SHAPE.pipelining}, ${SHAPE.durationSeconds} s after a ${WARMUP.durationSeconds} s warm-up (autocannon; each server in its own child process)`,
    row('Rumbo (RedisStore, Redis adapter, no viewers), median round', rumbo),
    row(`Rumbo, caravan with a ${formatNumber(LIMITS.routePoints)}-point planned route`, routed) + `   ${of(routed)}`,
    row('Rumbo, its pipeline alone: GET /api/v1/me (ceiling)', pipeline) + `   ${of(pipeline)}`,
    row('baseline: durable route (MULTI SET NX, ZADD, PUBLISH), same round', durable),
    `  rounds (durable / Rumbo requests/s = ratio, server CPU µs per request durable / Rumbo = ratio, Redis CPU µs per request durable / Rumbo, Rumbo's Redis commands per request (a script call per batch: fewer, larger batches); rounds 1, 3, 5 durable first, 2 and 4 Rumbo first):`,
    ...rounds.map(
      (round, index) =>
        `    ${index + 1}: ${formatNumber(round.durable.requestsPerSecond)} / ${formatNumber(round.rumbo.requestsPerSecond)} = ${formatRatio(ratioOf(round))}   CPU ${formatNumber(round.durable.cpuMicrosPerRequest)} / ${formatNumber(round.rumbo.cpuMicrosPerRequest)} µs = ${formatRatio(round.durable.cpuMicrosPerRequest / round.rumbo.cpuMicrosPerRequest)}   Redis CPU ${formatNumber(round.durable.redisCpuMicrosPerRequest)} / ${formatNumber(round.rumbo.redisCpuMicrosPerRequest)} µs   Rumbo's Redis commands ${round.rumbo.redisCommandsPerRequest?.toFixed(2)}/req`,
    ),
    row('baseline: bare Fastify route, constant answer', bare),
    `  ratio: ${formatRatio(durableRatio)} the durable route's requests/s, the median of ${ROUNDS} rounds (target ≥ ${DURABLE_TARGET_RATIO}×: ${verdict(durableRatio >= DURABLE_TARGET_RATIO)})`,
    `  ratio: ${formatRatio(ratio)} the bare route's requests/s (target ≥ ${TARGET_RATIO}×: ${verdict(ratio >= TARGET_RATIO)}); the ceiling above bounds both`,
  ];
}
