import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { adapterConnections } from '../realtime/adapter-connections';
import { createAddressSlots, type AddressSlots } from '../realtime/address-slots';
import { createReportRelay, type ReportRelay } from '../realtime/report-relay';
import { ADAPTER_KEY, createRoomAdapter } from '../realtime/room-adapter';
import { clientAddress, type TrustProxy } from './client-address';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
    /** Pushed reports between instances (with Redis; null on the embedded store: there is no other instance). */
    reportRelay: ReportRelay | null;
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
 * RoomAdapter skips encoding a broadcast for local sockets when none of its rooms has one here.
 */
function attachRedisAdapter(app: FastifyInstance, io: Server, redis: Redis): ReportRelay {
  const [publisher, subscriber] = adapterConnections(redis);
  for (const client of [publisher, subscriber]) client.on('error', () => {}); // the store plugin logs connection loss
  io.adapter(createRoomAdapter(publisher, subscriber, { key: ADAPTER_KEY }));
  app.addHook('onClose', async () => {
    // Redis down: a QUIT would wait in the offline queue for a reconnection that may never come.
    const close = (client: Redis) =>
      client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect();
    await Promise.all([publisher, subscriber].map(close));
  });
  // On the adapter's subscribed connection: what the relay hears keeps its order with the broadcasts.
  return createReportRelay(subscriber);
}

export interface SocketIoOptions {
  allowedOrigins: string[];
  /** Whose X-Forwarded-For names the client (TRUST_PROXY, as HTTP requests read it). */
  trustProxy: TrustProxy | false;
  /** Connections one client address may hold open, every namespace together. */
  connectionsPerIp: number;
}

/** The engine's side of a connection, as much of it as counting needs. */
interface EngineConnection {
  request: IncomingMessage;
  close(): void;
  once(event: 'close', listener: () => void): void;
}

/**
 * Each connection, whatever namespaces it joins (or none), holds one of its client address's
 * slots until it closes. The handshake is refused (403) when none is free; one that raced past
 * that check is closed as it opens.
 */
function holdSlotPerConnection(io: Server, slots: AddressSlots, trustProxy: TrustProxy | false): void {
  io.engine.on('connection', (connection: EngineConnection) => {
    const address = clientAddress(connection.request, trustProxy);
    if (!slots.take(address)) return connection.close();
    connection.once('close', () => slots.release(address));
  });
}

/** The namespaces clients may join; `/` exists in every Socket.IO server, but we serve nothing there. */
function refuseDefaultNamespace(io: Server): void {
  io.of('/').use((_socket, next) => next(new Error('nothing is served on this namespace: join /public or /newsroom')));
}

/** Socket.IO on Fastify's own HTTP server, closed with the app. */
export default fp<SocketIoOptions>(
  async (app, { allowedOrigins, trustProxy, connectionsPerIp }) => {
    const slots = createAddressSlots(connectionsPerIp);
    const io = new Server(app.server, {
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      serveClient: false,
      allowRequest: (request, callback) => {
        if (!originAllowed(request, allowedOrigins)) return callback(null, false);
        if (!slots.hasRoom(clientAddress(request, trustProxy))) return callback('too many connections from this address', false);
        callback(null, true);
      },
    });
    holdSlotPerConnection(io, slots, trustProxy);
    refuseDefaultNamespace(io);
    app.decorate('io', io);
    app.decorate('reportRelay', app.redis ? attachRedisAdapter(app, io, app.redis) : null);
    // Closing the transports, not the sockets: clients see their transport go ("transport close",
    // "transport error" on long-polling) and reconnect, to another instance or to this one
    // restarted, as Socket.IO clients do by default (embeds already pasted into articles included).
    // A server-side disconnect ("io server disconnect") would leave them offline for good. It must
    // happen before the HTTP server closes, which waits for these connections.
    app.addHook('preClose', async () => {
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'socket-io', dependencies: ['store'] },
);
