import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { IngestResult, NEWSROOM_NAMESPACE, ReportInput } from '@rumbo/shared';
import { Server } from 'socket.io';
import { buildApp } from '../server/src/app';
import { releasedUntil } from '../server/src/public/public-projection';
import { isBatch, ReportBody, reportBodyError } from '../server/src/routes/report-body';
import { fixTimeMs } from '../server/src/services/report-factory';
import { derivedReportId } from '../server/src/services/report-ids';
import { RedisStore } from '../server/src/store/redis-store';
import { bodyAjv } from '../server/src/validation';
import { testConfig } from '../server/test/helper';
import { memoryAfterGc, openFilesLimit, serveParent } from './child-serve';
import { bareEmitPath, durableKeys, type ServerApi, type ServerChildOptions } from './server-api';

/** A server for one benchmark, in a process of its own: Rumbo, the bare baseline or the durable one. */
const options = JSON.parse(process.argv[2]!) as ServerChildOptions;
const notHere = (what: string) => () => {
  throw new Error(`${what} is not a command of the ${options.kind} server`);
};

/** Rumbo as deployed with Redis (adapter included), demo off, rate limits out of the benchmark's way. */
async function rumbo() {
  const store = new RedisStore(options.redisUrl);
  const app = await buildApp({
    config: testConfig({ rateLimitsPerMinute: { reporter: 1e9, staff: 1e9, anonymous: 1e9 }, demo: false }),
    store,
    clientDist: '/nonexistent/rumbo-client-dist',
  });
  const handlers: ServerApi = {
    memory: memoryAfterGc,
    invalidatePublic: ({ caravanId }) => app.publicViews.invalidate(caravanId),
    async readPublicTrackMs({ caravanId }) {
      const caravan = await store.getCaravan(caravanId);
      if (!caravan) throw new Error(`no caravan ${caravanId}`);
      const started = performance.now();
      await store.listTrack(caravanId, releasedUntil(caravan, Date.now()), Number.MAX_SAFE_INTEGER);
      return performance.now() - started;
    },
    setPublicBody: notHere('setPublicBody'),
  };
  return { app, handlers, close: () => app.close().then(() => store.close()) };
}

/**
 * The baseline: Fastify and Socket.IO with no auth and no logic. The ingest route answers a
 * constant, the emit route broadcasts the posted body to a room, and the public route serves a
 * fixed body with the same ETag handling as Rumbo's.
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
    invalidatePublic: notHere('invalidatePublic'),
    readPublicTrackMs: notHere('readPublicTrackMs'),
    setPublicBody: (view) => {
      publicView = view;
    },
  };
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
    invalidatePublic: notHere('invalidatePublic'),
    readPublicTrackMs: notHere('readPublicTrackMs'),
    setPublicBody: notHere('setPublicBody'),
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
