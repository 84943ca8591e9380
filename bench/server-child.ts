import Fastify, { type FastifyInstance } from 'fastify';
import { NEWSROOM_NAMESPACE } from '@rumbo/shared';
import { Server } from 'socket.io';
import { buildApp } from '../server/src/app';
import { releasedUntil } from '../server/src/public/public-projection';
import { RedisStore } from '../server/src/store/redis-store';
import { testConfig } from '../server/test/helper';
import { memoryAfterGc, openFilesLimit, serveParent } from './child-serve';
import { bareEmitPath, type ServerApi, type ServerChildOptions } from './server-api';

/** A server for one benchmark, in a process of its own: Rumbo, or the bare baseline. */
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

const { app, handlers, close } = options.kind === 'rumbo' ? await rumbo() : await bare();
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
serveParent(handlers, close, { baseUrl, openFilesLimit: openFilesLimit() });
