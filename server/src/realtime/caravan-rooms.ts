import type { Ack } from '@rumbo/shared';
import type { Socket } from 'socket.io';
import { isCaravanId } from '../validation';

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

/**
 * `caravan:join` and `caravan:leave` as both namespaces answer them: validate the id, load the
 * snapshot, join the room, then ack `{ data }`; any failure is an `{ error }` ack, never a throw
 * at the socket.
 */
export function serveCaravanRooms<Snapshot>(socket: Socket, options: CaravanRoomsOptions<Snapshot>): void {
  socket.on('caravan:join', async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const answer = (value: Ack<Snapshot>) => (ack as (value: Ack<Snapshot>) => void)(value);
    const caravanId = (payload as { caravanId?: unknown } | null)?.caravanId;
    if (!isCaravanId(caravanId))
      return answer({ error: { code: 'invalid_caravan_id', message: 'caravanId: must be a slug [a-z0-9-]{1,64}' } });
    try {
      const snapshot = await options.load(caravanId);
      if (!snapshot) return answer({ error: { code: 'not_found', message: options.notFound(caravanId) } });
      await socket.join(options.room(caravanId));
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
