import type { IncomingMessage, OutgoingHttpHeaders, Server as HttpServer, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { IngestResult, NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE, type PublicSnapshot, ReportInput } from '@rumbo/shared';
import { Server } from 'socket.io';
import { buildApp, UNPUSHED_SWEEP_MS } from '../server/src/app';
import { releasedUntil } from '../server/src/public/public-projection';
import { isBatch, ReportBody, reportBodyError } from '../server/src/routes/report-body';
import { CARAVAN_MAX_AGE_MS } from '../server/src/services/caravan-cache';
import { fixTimeMs } from '../server/src/services/report-factory';
import { derivedReportId } from '../server/src/services/report-ids';
import { RedisStore } from '../server/src/store/redis-store';
import { bodyAjv } from '../server/src/validation';
import { testConfig } from '../server/test/helper';
import { cpuMicros, memoryAfterGc, openFilesLimit, serveParent } from './child-serve';
import { bareEmitPath, durableKeys, type ServerApi, type ServerChildOptions } from './server-api';

/** A server for one benchmark, in a process of its own: Rumbo, the bare baseline or the durable one. */
const options = JSON.parse(process.argv[2]!) as ServerChildOptions;
const notHere = (what: string) => () => {
  throw new Error(`${what} is not a command of the ${options.kind} server`);
};

/** The paths deploy/nginx.conf sends through its cache and that a server here answers. */
const CACHED_PATH = /^\/api\/v1\/(public\/|client-config(\?|$))/;
let publicRequests = 0;

/**
 * Counts every request for a cached path as it reaches the HTTP server (ahead of Fastify and
 * Socket.IO), and with a speedup, divides the ages in the Cache-Control of their answers.
 */
function watchPublicRequests(server: HttpServer, speedup: number): void {
  const scaled = (value: string) =>
    value.replace(
      /\b(max-age|stale-while-revalidate|stale-if-error)=(\d+)/g,
      (_all, name: string, seconds: string) => `${name}=${Math.max(1, Math.ceil(Number(seconds) / speedup))}`,
    );
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!CACHED_PATH.test(request.url ?? '')) return;
    publicRequests++;
    if (speedup === 1) return;
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    // Fastify sets its headers in the object it passes to writeHead; others may have set them on the response.
    response.writeHead = ((...args: unknown[]) => {
      const headers = args.find(
        (arg): arg is OutgoingHttpHeaders => typeof arg === 'object' && arg !== null && !Array.isArray(arg),
      );
      if (headers?.['cache-control'] !== undefined) headers['cache-control'] = scaled(String(headers['cache-control']));
      const own = response.getHeader('cache-control');
      if (own !== undefined) response.setHeader('cache-control', scaled(String(own)));
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
  });
}

/**
 * Every command any ioredis client of this process sends goes through Redis#sendCommand (those
 * of pipelines and auto-pipelines too, one call each): counted there, by name, before Rumbo
 * builds its clients. Here rather than in Redis's INFO: the bench Redis serves other clients too.
 */
const redisCommands: Record<string, number> = {};
function countRedisCommands(): void {
  const send = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    const name = args[0].name.toLowerCase();
    redisCommands[name] = (redisCommands[name] ?? 0) + 1;
    return send.apply(this, args);
  };
}

/**
 * Rumbo as deployed with Redis (adapter included), demo off, rate limits out of the benchmark's
 * way; readers' sockets as many as the benchmark opens from this one address.
 */
async function rumbo() {
  countRedisCommands();
  const store = new RedisStore(options.redisUrl);
  const speedup = options.clockSpeedup ?? 1;
  const startedAt = Date.now();
  const now = () => startedAt + (Date.now() - startedAt) * speedup;
  const app = await buildApp({
    config: testConfig({
      rateLimitsPerMinute: { reporter: 1e9, staff: 1e9, anonymous: 1e9 },
      demo: false,
      publicLive: options.publicLive ?? false,
      publicSocketsPerIp: 1_000_000,
    }),
    store,
    clientDist: '/nonexistent/rumbo-client-dist',
    now,
    unpushedSweepMs: UNPUSHED_SWEEP_MS / speedup,
  });
  if (speedup !== 1) {
    // The caravan cache keeps a caravan CARAVAN_MAX_AGE_MS of real time: on the compressed clock,
    // each caravan is forgotten once that much simulated time has passed, so it is read as often
    // per simulated minute as it would be in real time.
    const readAt = new Map<string, number>();
    const get = app.caravans.get;
    app.caravans.get = (caravanId) => {
      if (now() - (readAt.get(caravanId) ?? -Infinity) >= CARAVAN_MAX_AGE_MS) {
        app.caravans.forget(caravanId);
        readAt.set(caravanId, now());
      }
      return get(caravanId);
    };
  }
  watchPublicRequests(app.server, speedup);
  const handlers: ServerApi = {
    memory: memoryAfterGc,
    cpuMicros,
    invalidatePublic: ({ caravanId }) => app.publicViews.invalidate(caravanId),
    async readPublicTrackMs({ caravanId }) {
      const caravan = await store.getCaravan(caravanId);
      if (!caravan) throw new Error(`no caravan ${caravanId}`);
      const started = performance.now();
      await store.listTrack(caravanId, releasedUntil(caravan, Date.now()), Number.MAX_SAFE_INTEGER);
      return performance.now() - started;
    },
    setPublicBody: notHere('setPublicBody'),
    publicRequests: () => publicRequests,
    redisCommands: () => redisCommands,
  };
  return { app, handlers, close: () => app.close().then(() => store.close()) };
}

/**
 * The baseline: Fastify and Socket.IO with no auth and no logic. The ingest route answers a
 * constant, the emit route broadcasts the posted body to a room, the public route serves a fixed
 * body with the same ETag handling as Rumbo's, and a `/public` join puts the socket in the
 * caravan's room and answers with that body's snapshot, as Rumbo's does.
 */
async function bare() {
  const app: FastifyInstance = Fastify({ logger: false });
  const io = new Server(app.server, { serveClient: false });
  const newsroom = io.of(NEWSROOM_NAMESPACE);
  newsroom.on('connection', (socket) => {
    socket.on('caravan:join', async ({ caravanId }: { caravanId: string }, ack: (answer: unknown) => void) => {
      await socket.join(`caravan:${caravanId}`);
      ack({ data: null });
    });
  });
  const accepted = { accepted: [], rejected: [] };
  app.post('/api/v1/caravans/:caravanId/reports', async (_request, reply) => reply.code(201).send(accepted));
  app.post<{ Params: { caravanId: string } }>(bareEmitPath(':caravanId'), async (request, reply) => {
    newsroom.to(`caravan:${request.params.caravanId}`).emit('report:new', request.body);
    return reply.code(204).send();
  });
  let publicView = { body: '{}', etag: '"none"' };
  let publicSnapshot: PublicSnapshot | null = null;
  io.of(PUBLIC_NAMESPACE).on('connection', (socket) => {
    socket.on('caravan:join', async ({ caravanId }: { caravanId: string }, ack: (answer: unknown) => void) => {
      await socket.join(`public:${caravanId}`);
      ack({ data: publicSnapshot });
    });
  });
  app.get('/api/v1/public/caravans/:caravanId', async (request, reply) => {
    reply.header('etag', publicView.etag).header('cache-control', 'public, max-age=60');
    if (request.headers['if-none-match'] === publicView.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(publicView.body);
  });
  app.addHook('onClose', async () => {
    await io.close();
  });
  const handlers: ServerApi = {
    memory: memoryAfterGc,
    cpuMicros,
    invalidatePublic: notHere('invalidatePublic'),
    readPublicTrackMs: notHere('readPublicTrackMs'),
    setPublicBody: (view) => {
      publicView = view;
      publicSnapshot = JSON.parse(view.body) as PublicSnapshot;
    },
    publicRequests: () => publicRequests,
    redisCommands: notHere('redisCommands'),
  };
  watchPublicRequests(app.server, 1);
  return { app, handlers, close: () => app.close() };
}

/**
 * The minimal durable route: what any server that stores reports durably and pushes them must do
 * at least. Fastify with Rumbo's own validation of POST .../reports (the route's body schema, then
 * each report against ReportInput, with the same Ajv), one Redis MULTI per request: SET NX of the
 * report's id key (idempotency), ZADD to the caravan's track by fix time, PUBLISH of the report;
 * then 201 with Rumbo's answer shape (IngestResult), `duplicate` from the SET NX. No auth, no rate
 * limit, no geo, no metrics: the ratio against it is what Rumbo's guarantees cost.
 */
async function durable() {
  const redis = new Redis(options.redisUrl, { enableAutoPipelining: true, maxRetriesPerRequest: 2 });
  const app: FastifyInstance = Fastify({ logger: false });
  app.setValidatorCompiler(({ schema }) => bodyAjv.compile(schema));
  const validateReport = bodyAjv.compile<ReportInput>(ReportInput);
  app.post<{ Params: { caravanId: string } }>(
    '/api/v1/caravans/:caravanId/reports',
    { schemaErrorFormatter: reportBodyError, schema: { body: ReportBody, response: { 200: IngestResult, 201: IngestResult } } },
    async (request, reply) => {
      const { caravanId } = request.params;
      const items = isBatch(request.body) ? request.body.reports : [request.body];
      const receivedAt = new Date().toISOString();
      const transaction = redis.multi();
      const ids: string[] = [];
      for (const item of items) {
        if (!validateReport(item)) return reply.code(400).send({ error: { code: 'invalid_report', message: 'invalid report' } });
        const recordedAtMs = fixTimeMs(item.recordedAt);
        const id = item.id ?? derivedReportId('durable', recordedAtMs, item.lng, item.lat);
        const json = JSON.stringify({ ...item, id, caravanId, receivedAt });
        transaction
          .set(durableKeys.report(caravanId, id), json, 'NX')
          .zadd(durableKeys.track(caravanId), recordedAtMs, id)
          .publish(durableKeys.channel(caravanId), json);
        ids.push(id);
      }
      const results = (await transaction.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      const accepted = ids.map((id, index) => ({ id, duplicate: results[3 * index]![1] !== 'OK' }));
      const created = accepted.some(({ duplicate }) => !duplicate);
      return reply.code(created ? 201 : 200).send({ accepted, rejected: [] });
    },
  );
  const handlers: ServerApi = {
    memory: memoryAfterGc,
    cpuMicros,
    invalidatePublic: notHere('invalidatePublic'),
    readPublicTrackMs: notHere('readPublicTrackMs'),
    setPublicBody: notHere('setPublicBody'),
    publicRequests: notHere('publicRequests'),
    redisCommands: notHere('redisCommands'),
  };
  return {
    app,
    handlers,
    close: () =>
      app
        .close()
        .then(() => redis.quit())
        .then(() => {}),
  };
}

const servers = { rumbo, bare, durable };
const { app, handlers, close } = await servers[options.kind]();
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
serveParent(handlers, close, { baseUrl, openFilesLimit: openFilesLimit() });
