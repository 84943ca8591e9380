import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { LIMITS } from '@rumbo/shared';
import { RedisStore } from '../server/src/store/redis-store';
import { ADMIN_TOKEN, makeCaravan } from '../server/test/helper';
import { bulkInsertTrack } from './bulk-track';
import { OwnRedis, type RedisUse } from './own-redis';
import { formatMemory, growthPer, startServer, type ServerProcess } from './server-api';
import { formatNumber } from './stats';

const run = promisify(execFile);

const SINGLE_REPORTS = 4_000;
const BATCHED_REPORTS = 10_000;
const CONNECTIONS = 32;
const CARAVANS = 300;
const REPORTS_PER_CARAVAN = 500;
const PUBLIC_REQUESTS = 400;
const RECOMPUTED_SNAPSHOTS = 40;

const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** A resting caravan's fixes near Tapachula, a second apart, each with an id of its own. */
function fixes(prefix: string, count: number) {
  const firstMs = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    lng: -92.2633 + ((index % 7) - 3) * 0.00002,
    lat: 14.9056 + ((index % 5) - 2) * 0.00002,
    recordedAt: new Date(firstMs + index * 1_000).toISOString(),
    accuracyM: 10,
  }));
}

/** Sends `bodies` to `path` with CONNECTIONS connections, each body once; fails on any answer but 2xx. */
async function sendAll(baseUrl: string, path: string, method: 'POST' | 'GET', bodies: readonly string[] | number) {
  const count = typeof bodies === 'number' ? bodies : bodies.length;
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: Math.min(CONNECTIONS, count),
    amount: count,
    requests: [
      {
        method,
        path,
        headers: method === 'POST' ? auth : {},
        ...(typeof bodies === 'number' ? {} : { setupRequest: (request) => ({ ...request, body: bodies[next++] }) }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${method} ${path}: ${failed} of ${count} requests failed`);
}

/**
 * Commands Redis received during `work`, told apart by where they came from: straight from a
 * client (a round trip, or part of a pipelined one) or run by a script. MONITOR sees both, with
 * the script's marked `lua`; it slows Redis, so CPU is measured in another pass without it.
 */
async function commandsDuring(redis: OwnRedis, work: () => Promise<void>) {
  const connection = new Redis(redis.url);
  const monitor = await connection.monitor();
  const fromClients = new Map<string, number>();
  let inScripts = 0;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === 'lua') return void inScripts++;
    const name = args[0]!.toLowerCase();
    fromClients.set(name, (fromClients.get(name) ?? 0) + 1);
  });
  await work();
  await new Promise((resolve) => setTimeout(resolve, 300)); // MONITOR's last lines
  monitor.disconnect();
  connection.disconnect();
  for (const name of ['info', 'monitor']) fromClients.delete(name);
  return { fromClients, inScripts };
}

async function redisUseDuring(redis: OwnRedis, work: () => Promise<void>): Promise<RedisUse> {
  const before = await redis.sample();
  await work();
  return OwnRedis.use(before, await redis.sample());
}

const per = (value: number, count: number, digits = 2) => formatNumber(value / count, digits);
const breakdown = (counts: Map<string, number>, count: number) =>
  [...counts]
    .filter(([, calls]) => calls / count >= 0.005)
    .sort(([, a], [, b]) => b - a)
    .map(([name, calls]) => `${name} ${per(calls, count)}`)
    .join(', ');

/** Client commands, script commands, Redis CPU and memory per unit of `work`, as printed rows. */
async function measureRedis(
  redis: OwnRedis,
  name: string,
  count: number,
  counted: () => Promise<void>,
  timed: () => Promise<void>,
  stores = false,
): Promise<{ lines: string[]; clientCommands: number; cpuMicros: number }> {
  const { fromClients, inScripts } = await commandsDuring(redis, counted);
  const use = await redisUseDuring(redis, timed);
  const clientCommands = [...fromClients.values()].reduce((sum, calls) => sum + calls, 0);
  const cpuMicros = (use.cpuSeconds * 1e6) / count;
  return {
    clientCommands: clientCommands / count,
    cpuMicros,
    lines: [
      `  ${name}: ${per(clientCommands, count)} commands from Rumbo (${breakdown(fromClients, count)}), ` +
        `${per(inScripts, count)} more inside scripts; Redis CPU ${formatNumber(cpuMicros, 1)} µs` +
        (stores ? `, memory kept ${formatNumber(use.memoryBytes / count)} bytes` : ''),
    ],
  };
}

/** Redis's own ceiling on this machine, in the same run: redis-benchmark's SET and a PUBLISH, 32 clients. */
async function redisCeiling(redis: OwnRedis): Promise<{ line: string; setCpuMicros: number; setsPerSecond: number }> {
  const requests = 200_000;
  const before = await redis.sample();
  const { stdout } = await run('redis-benchmark', [
    '-p',
    String(redis.port),
    '-c',
    String(CONNECTIONS),
    '-n',
    String(requests),
    '-t',
    'set',
    '--csv',
  ]);
  const use = OwnRedis.use(before, await redis.sample());
  const setsPerSecond = Number(/"SET","([\d.]+)"/.exec(stdout)?.[1] ?? NaN);
  const setCpuMicros = (use.cpuSeconds * 1e6) / requests;
  return {
    setsPerSecond,
    setCpuMicros,
    line: `  baseline: redis-benchmark SET, ${CONNECTIONS} clients: ${formatNumber(setsPerSecond)} SET/s, Redis CPU ${formatNumber(setCpuMicros, 1)} µs per SET`,
  };
}

/** The server process's memory (in use, heap, RSS) after `caravans` caravans each had their public snapshot read. */
async function memoryPerCaravan(server: ServerProcess, store: RedisStore): Promise<string> {
  const ids = Array.from({ length: CARAVANS }, (_, index) => `capacity-held-${index}`);
  for (const id of ids) {
    await store.createCaravan(makeCaravan(id));
    await bulkInsertTrack(store, id, REPORTS_PER_CARAVAN, Date.now() - 40 * 60_000, 60_000);
  }
  const before = await server.call('memory');
  for (const id of ids) {
    const response = await fetch(`${server.ready.baseUrl}/api/v1/public/caravans/${id}`);
    if (response.status !== 200) throw new Error(`public snapshot of ${id}: ${response.status}`);
    await response.arrayBuffer();
    const summary = await fetch(`${server.ready.baseUrl}/api/v1/caravans/${id}`, { headers: auth });
    if (summary.status !== 200) throw new Error(`summary of ${id}: ${summary.status}`);
    await summary.arrayBuffer();
  }
  const after = await server.call('memory');
  return (
    `  memory per caravan in Rumbo's process (parsed caravan, public views, ${REPORTS_PER_CARAVAN} reports each, ${CARAVANS} caravans): ` +
    formatMemory(growthPer(before, after, CARAVANS))
  );
}

/**
 * What the README's capacity model is built from: what each report and each public request costs
 * Redis (commands from Rumbo, commands its scripts run, Redis CPU and memory), what one Redis
 * does on this machine (redis-benchmark, same run), and what a caravan costs Rumbo's memory. It
 * runs on a Redis of its own so that nothing else's commands are counted.
 */
export async function capacityBench(): Promise<string[]> {
  const redis = await OwnRedis.start();
  const store = new RedisStore(redis.url);
  let server: ServerProcess | undefined;
  try {
    server = await startServer({ kind: 'rumbo', redisUrl: redis.url });
    const baseUrl = server.ready.baseUrl;
    const newCaravan = async (id: string) => {
      if (!(await store.createCaravan(makeCaravan(id)))) throw new Error(`caravan ${id} exists`);
      return id;
    };
    const reportsPath = (id: string) => `/api/v1/caravans/${id}/reports`;
    const singles = (prefix: string) => fixes(prefix, SINGLE_REPORTS).map((fix) => JSON.stringify(fix));
    const batches = (prefix: string) => {
      const all = fixes(prefix, BATCHED_REPORTS);
      const bodies: string[] = [];
      for (let first = 0; first < all.length; first += LIMITS.batchReports)
        bodies.push(JSON.stringify({ reports: all.slice(first, first + LIMITS.batchReports) }));
      return bodies;
    };

    await sendAll(baseUrl, reportsPath(await newCaravan('capacity-warm')), 'POST', singles('warm'));
    const single = await measureRedis(
      redis,
      'a report POSTed alone',
      SINGLE_REPORTS,
      async () => sendAll(baseUrl, reportsPath(await newCaravan('capacity-single-a')), 'POST', singles('a')),
      async () => sendAll(baseUrl, reportsPath(await newCaravan('capacity-single-b')), 'POST', singles('b')),
      true,
    );
    const batched = await measureRedis(
      redis,
      `a report in a batch of ${LIMITS.batchReports}`,
      BATCHED_REPORTS,
      async () => sendAll(baseUrl, reportsPath(await newCaravan('capacity-batch-a')), 'POST', batches('a')),
      async () => sendAll(baseUrl, reportsPath(await newCaravan('capacity-batch-b')), 'POST', batches('b')),
      true,
    );

    const publicId = await newCaravan('capacity-public');
    await bulkInsertTrack(store, publicId, 5_000, Date.now() - 40 * 60_000, 25_000);
    const publicPath = `/api/v1/public/caravans/${publicId}`;
    await sendAll(baseUrl, publicPath, 'GET', 10);
    const heldView = await measureRedis(
      redis,
      'a public request Rumbo answers from its in-process view (5 s)',
      PUBLIC_REQUESTS,
      () => sendAll(baseUrl, publicPath, 'GET', PUBLIC_REQUESTS),
      () => sendAll(baseUrl, publicPath, 'GET', PUBLIC_REQUESTS),
    );
    const recompute = async () => {
      for (let index = 0; index < RECOMPUTED_SNAPSHOTS; index++) {
        await server!.call('invalidatePublic', { caravanId: publicId });
        await sendAll(baseUrl, publicPath, 'GET', 1);
      }
    };
    const recomputed = await measureRedis(
      redis,
      'a public snapshot read anew (5,000-report caravan)',
      RECOMPUTED_SNAPSHOTS,
      recompute,
      recompute,
    );

    const ceiling = await redisCeiling(redis);
    const held = await memoryPerCaravan(server, store);
    const reportsPerRedis = (cpuMicros: number) => formatNumber(1e6 / cpuMicros);
    return [
      `capacity: what a report and a public request cost Redis, on a redis-server of the benchmark's own (${CONNECTIONS} connections)`,
      ...single.lines,
      ...batched.lines,
      ...heldView.lines,
      ...recomputed.lines,
      ceiling.line,
      `  one Redis core at 100%: ${reportsPerRedis(single.cpuMicros)} reports/s posted alone, ${reportsPerRedis(batched.cpuMicros)} in batches ` +
        `(a report alone costs Redis ${formatNumber(single.cpuMicros / ceiling.setCpuMicros, 1)} SETs)`,
      held,
    ];
  } finally {
    await server?.stop();
    await store.close();
    await redis.stop();
  }
}
