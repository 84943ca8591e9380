import { RedisAdapter } from '@socket.io/redis-adapter';
import type { BroadcastOptions } from 'socket.io-adapter';
import type { Namespace } from 'socket.io';
import type { Redis } from 'ioredis';

type Packet = Parameters<RedisAdapter['broadcast']>[0];

/**
 * The Redis adapter, minus one waste: a broadcast from this instance to rooms none of whose
 * sockets are here still publishes to the other instances, but no longer encodes the packet for
 * local sockets that do not exist. The in-memory adapter under it encodes every broadcast before
 * it looks for its sockets (JSON, then a pre-framed WebSocket buffer): with no viewer of the room
 * on the writing instance (a caravan's summary, an alert) that work was thrown away.
 *
 * `_encode` is the in-memory adapter's own step (socket.io-adapter 2.5); the fan-out and
 * cross-instance tests would fail if a version moved it, since viewers here then got nothing.
 */
interface Encoder {
  _encode(packet: unknown, packetOpts: unknown): unknown[];
}

/** The adapter's handler of its request channel, which server-side emits travel on (private in its types). */
interface RequestHandler {
  onrequest(channel: Buffer | string, message: Buffer): Promise<unknown>;
}
const handleRequest = (RedisAdapter.prototype as unknown as RequestHandler).onrequest;

/** RequestType.SERVER_SIDE_EMIT of @socket.io/redis-adapter 8. */
const SERVER_SIDE_EMIT = 6;

// Private in the adapter's types, so reached through the prototype.
const encodeForLocalSockets = (RedisAdapter.prototype as unknown as Encoder)._encode;

export class RoomAdapter extends RedisAdapter {
  private nobodyHere = false;
  /**
   * How this instance's own server-side emits (without acknowledgement) begin, as the adapter
   * writes them: JSON.stringify({ uid, type, data }).
   */
  private readonly ownServerSideEmit: Buffer;

  constructor(...args: ConstructorParameters<typeof RedisAdapter>) {
    super(...args);
    this.ownServerSideEmit = Buffer.from(`{"uid":${JSON.stringify(this.uid)},"type":${SERVER_SIDE_EMIT},"data":`);
    // Nobody here: `apply` visits no socket, so the encoded packets would never be read.
    (this as unknown as Encoder)._encode = (packet, packetOpts) =>
      this.nobodyHere ? [] : encodeForLocalSockets.call(this, packet, packetOpts);
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    this.nobodyHere = !opts.flags?.local && opts.rooms.size > 0 && !this.anyHere(opts.rooms);
    try {
      super.broadcast(packet, opts);
    } finally {
      this.nobodyHere = false;
    }
  }

  /** Whether `message` on the request channel is a server-side emit of this instance's own. */
  isOwnServerSideEmit(message: Buffer): boolean {
    const own = this.ownServerSideEmit;
    return message.length > own.length && own.equals(message.subarray(0, own.length));
  }

  /** Whether a socket of this instance is in one of `rooms` (a loop: this runs once a report). */
  private anyHere(rooms: ReadonlySet<string>): boolean {
    for (const room of rooms) if (this.rooms.has(room)) return true;
    return false;
  }
}

/**
 * Redis sends a publisher its own messages too, and the adapter parses each whole before it sees
 * the uid and drops it: a batch of reports (see newsroom.ts) is dropped here unread. Should a
 * version write its messages otherwise, nothing matches and the adapter drops them as before. On
 * the prototype, since the adapter's constructor subscribes with the handler it finds there.
 */
(RoomAdapter.prototype as unknown as RequestHandler).onrequest = function (this: RoomAdapter, channel, message) {
  return this.isOwnServerSideEmit(message) ? Promise.resolve() : handleRequest.call(this, channel, message);
};

/**
 * Like `createAdapter` of @socket.io/redis-adapter, with RoomAdapter. Socket.IO calls the result
 * with `new`, so it is a function, not an arrow.
 */
export function createRoomAdapter(publisher: Redis, subscriber: Redis, options: { key: string }) {
  return function roomAdapter(nsp: Namespace) {
    return new RoomAdapter(nsp, publisher, subscriber, options);
  };
}
