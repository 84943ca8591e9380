import type { Ack } from '@rumbo/shared';
import type { Socket } from 'socket.io';
import { isCaravanId } from '../validation';
import { createTokenBucket } from './token-bucket';

/**
 * Joins each socket may make: a burst of JOIN_BURST, then JOINS_PER_SECOND. A page joins once per
 * connection (again after a reconnect, on a fresh socket); every join costs a full snapshot, so a
 * socket past this is flooding and is disconnected.
 */
export const JOIN_BURST = 10;
export const JOINS_PER_SECOND = 2;
/** Rooms one socket may be in at once: a dashboard or an embed shows one caravan. */
export const MAX_ROOMS_PER_SOCKET = 10;

export interface CaravanRoomsOptions<Snapshot> {
  /** The room of a caravan's viewers in this namespace. */
  room(caravanId: string): string;
  /** What a viewer gets on joining, or null when the caravan is not there for this namespace. */
  load(caravanId: string): Promise<Snapshot | null>;
  /** The message of the `not_found` answer. */
  notFound(caravanId: string): string;
  /** The message of the `unavailable` answer (the store failed); the failure itself is logged. */
  unavailable: string;
  log: { error(object: object, message: string): void };
}

/** Rooms the socket is in besides its own and `room`: what joining another would add to. */
const otherRooms = (socket: Socket, room: string) =>
  [...socket.rooms].filter((name) => name !== socket.id && name !== room).length;

/**
 * `caravan:join` and `caravan:leave` as both namespaces answer them: validate the id, load the
 * snapshot, join the room, then ack `{ data }`; any failure is an `{ error }` ack, never a throw
 * at the socket. A socket joining faster than the join limits allow, or into more than
 * MAX_ROOMS_PER_SOCKET rooms, is disconnected before its join costs anything.
 */
export function serveCaravanRooms<Snapshot>(socket: Socket, options: CaravanRoomsOptions<Snapshot>): void {
  const joins = createTokenBucket({ burst: JOIN_BURST, perSecond: JOINS_PER_SECOND });
  socket.on('caravan:join', async (payload: unknown, ack: unknown) => {
    const caravanId = (payload as { caravanId?: unknown } | null)?.caravanId;
    const room = isCaravanId(caravanId) ? options.room(caravanId) : '';
    if (!joins.take() || otherRooms(socket, room) >= MAX_ROOMS_PER_SOCKET) return void socket.disconnect(true);
    if (typeof ack !== 'function') return;
    const answer = (value: Ack<Snapshot>) => (ack as (value: Ack<Snapshot>) => void)(value);
    if (!isCaravanId(caravanId))
      return answer({ error: { code: 'invalid_caravan_id', message: 'caravanId: must be a slug [a-z0-9-]{1,64}' } });
    try {
      const snapshot = await options.load(caravanId);
      if (!snapshot) return answer({ error: { code: 'not_found', message: options.notFound(caravanId) } });
      await socket.join(room);
      answer({ data: snapshot });
    } catch (error) {
      options.log.error({ err: error, caravanId }, 'caravan:join failed');
      answer({ error: { code: 'unavailable', message: options.unavailable } });
    }
  });
  socket.on('caravan:leave', async (payload: unknown, ack: unknown) => {
    const caravanId = (payload as { caravanId?: unknown } | null)?.caravanId;
    if (typeof caravanId === 'string') await socket.leave(options.room(caravanId));
    if (typeof ack === 'function') ack({ data: true });
  });
}
