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

// Private in the adapter's types, so reached through the prototype.
const encodeForLocalSockets = (RedisAdapter.prototype as unknown as Encoder)._encode;

export class RoomAdapter extends RedisAdapter {
  private nobodyHere = false;

  constructor(...args: ConstructorParameters<typeof RedisAdapter>) {
    super(...args);
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

  /** Whether a socket of this instance is in one of `rooms` (a loop: this runs once a report). */
  private anyHere(rooms: ReadonlySet<string>): boolean {
    for (const room of rooms) if (this.rooms.has(room)) return true;
    return false;
  }
}

/**
 * Like `createAdapter` of @socket.io/redis-adapter, with RoomAdapter. Socket.IO calls the result
 * with `new`, so it is a function, not an arrow.
 */
/** The prefix of every channel the instances' adapters use: servers and the CLI must agree on it. */
export const ADAPTER_KEY = 'rumbo:socket.io';

export function createRoomAdapter(publisher: Redis, subscriber: Redis, options: { key: string }) {
  return function roomAdapter(nsp: Namespace) {
    return new RoomAdapter(nsp, publisher, subscriber, options);
  };
}
