import { PUBLIC_NAMESPACE, type PublicClientToServerEvents, type PublicServerToClientEvents } from '@rumbo/shared';
import { createAddressSlots } from './address-slots';
import { serveCaravanRooms } from './caravan-rooms';
import type { Namespace, Server } from 'socket.io';
import { clientAddress, type TrustProxy } from '../plugins/client-address';
import type { PublicViews } from '../public/public-views';

const publicRoom = (caravanId: string) => `public:${caravanId}`;
/** A join or leave is a few dozen bytes; anything bigger is not from our embed. */
const MAX_EVENT_BYTES = 256;

export interface PublicNamespaceOptions {
  io: Server;
  views: PublicViews;
  /** Sockets one IP may hold open on /public (a newsroom behind NAT opens a few). */
  maxSocketsPerIp: number;
  /** Whose X-Forwarded-For names the client (TRUST_PROXY, as HTTP requests read it). */
  trustProxy: TrustProxy | false;
  /** How often this instance looks for fixes coming out of the delay window. */
  releaseIntervalMs: number;
  log: { error(object: object, message: string): void };
}

/**
 * `/public`: anyone may join a caravan and receive its public snapshot, nothing else. Receive
 * only: join and leave are the only events, each tiny. A release timer on each instance pushes
 * a new snapshot to its own viewers when fixes come out of the delay window (so no traffic
 * between instances is needed for that); a change that alters the public view before then (a
 * hidden report) reaches every instance through the change feed, which calls `push`.
 */
export function createPublicNamespace(options: PublicNamespaceOptions) {
  const { io, views, maxSocketsPerIp, trustProxy, releaseIntervalMs, log } = options;
  const namespace: Namespace<PublicClientToServerEvents, PublicServerToClientEvents> = io.of(PUBLIC_NAMESPACE);
  const socketsPerIp = createAddressSlots(maxSocketsPerIp);
  const lastSent = new Map<string, string>();

  namespace.use((socket, next) => {
    // Behind the load balancer every socket comes from its address: the client's is in X-Forwarded-For.
    const ip = clientAddress(socket.request, trustProxy);
    if (!socketsPerIp.take(ip)) return next(new Error('too many connections from this address'));
    socket.once('disconnect', () => socketsPerIp.release(ip));
    next();
  });

  namespace.on('connection', (socket) => {
    // Anything but a small join or leave ends the connection: viewers never send data.
    socket.use(([event, payload], next) => {
      const size = JSON.stringify(payload ?? null).length;
      if ((event !== 'caravan:join' && event !== 'caravan:leave') || size > MAX_EVENT_BYTES) socket.disconnect(true);
      else next();
    });
    serveCaravanRooms(socket, {
      room: publicRoom,
      load: async (caravanId) => {
        const view = await views.view(caravanId);
        if (!view) return null;
        // The room's first viewer here takes this snapshot with its join: the release timer sends
        // the room only what comes after it (a viewer joining a room that holds an older one gets
        // the next release twice, which is harmless).
        if (!lastSent.has(caravanId)) lastSent.set(caravanId, view.etag);
        return view.snapshot;
      },
      notFound: (caravanId) => `caravan ${caravanId} is not public`,
      unavailable: 'try again shortly',
      log,
    });
  });

  /**
   * Sends a caravan's snapshot to this instance's viewers of it, if it changed since last time. A
   * caravan no longer public (archived) tells its viewers so and lets them go: the snapshot they
   * hold must not stay on a page, and nothing about the caravan reaches them any more.
   */
  async function push(caravanId: string): Promise<void> {
    const room = publicRoom(caravanId);
    if (!namespace.adapter.rooms.get(room)?.size) return void lastSent.delete(caravanId);
    try {
      const view = await views.view(caravanId);
      if (!view) {
        lastSent.delete(caravanId);
        namespace.local.to(room).emit('public:gone', { caravanId });
        return namespace.local.in(room).socketsLeave(room);
      }
      if (lastSent.get(caravanId) === view.etag) return;
      lastSent.set(caravanId, view.etag);
      namespace.local.to(room).emit('public:update', { caravanId, snapshot: view.snapshot });
    } catch (error) {
      log.error({ err: error, caravanId }, 'public release failed');
    }
  }

  const timer = setInterval(() => {
    for (const room of namespace.adapter.rooms.keys()) if (room.startsWith('public:')) void push(room.slice('public:'.length));
  }, releaseIntervalMs);
  timer.unref();

  return {
    push,
    close(): void {
      clearInterval(timer);
    },
  };
}
export type PublicNamespace = ReturnType<typeof createPublicNamespace>;

/**
 * `/public` on a server whose readers poll (PUBLIC_LIVE off): every connection is refused with
 * the reason, so an old embed or a script learns where to go instead of retrying a missing namespace.
 */
export function refusePublicNamespace(io: Server): Pick<PublicNamespace, 'push' | 'close'> {
  io.of(PUBLIC_NAMESPACE).use((_socket, next) =>
    next(new Error('live public updates are off on this server (PUBLIC_LIVE): poll GET /api/v1/public/caravans/:id/updates')),
  );
  return { push: async () => undefined, close: () => undefined };
}
