import type { IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { RedisStore } from '../store/redis-store';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/** Viewers only send small control messages; anything bigger is refused. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * A browser's Origin must be this site or one of the allowed sites; clients that send no Origin
 * (servers, tests, phone apps) are judged by their token alone.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Several instances share one Redis: a broadcast on one reaches sockets on all of them through
 * Redis pub/sub (@socket.io/redis-adapter, the classic one: lowest latency, nothing stored; a
 * viewer that reconnects takes a fresh snapshot, so it needs no replay from the adapter).
 * The adapter needs two connections of its own: a subscribed connection can do nothing else.
 */
function attachRedisAdapter(app: FastifyInstance, io: Server, store: RedisStore): void {
  const publisher = store.redis.duplicate();
  const subscriber = store.redis.duplicate();
  for (const client of [publisher, subscriber]) client.on('error', () => {}); // the store plugin logs connection loss
  io.adapter(createAdapter(publisher, subscriber, { key: 'rumbo:socket.io' }));
  app.addHook('onClose', async () => {
    await Promise.all([publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
  });
}

/** Socket.IO on Fastify's own HTTP server, closed with the app. */
export default fp<{ allowedOrigins: string[] }>(
  async (app, { allowedOrigins }) => {
    const io = new Server(app.server, {
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      serveClient: false,
      allowRequest: (request, callback) => callback(null, originAllowed(request, allowedOrigins)),
    });
    app.decorate('io', io);
    if (app.store instanceof RedisStore) attachRedisAdapter(app, io, app.store);
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'socket-io', dependencies: ['store'] },
);
