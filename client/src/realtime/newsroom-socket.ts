import {
  NEWSROOM_NAMESPACE,
  type CaravanSummary,
  type NewsroomClientToServerEvents,
  type NewsroomServerToClientEvents,
  type NewsroomSnapshot,
  type Report,
} from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

export interface NewsroomHandlers {
  snapshot(snapshot: NewsroomSnapshot): void;
  report(report: Report): void;
  summary(summary: CaravanSummary): void;
  connection(state: ConnectionState): void;
  /** The server refused us (bad token, unknown caravan): not something a retry fixes. */
  refused(message: string): void;
}

/**
 * The page's one socket. On every (re)connect it joins the caravan again and takes a fresh
 * snapshot before applying new events, so nothing pushed while it was away is missed.
 */
export function connectNewsroom(token: string, caravanId: string, handlers: NewsroomHandlers): () => void {
  const socket: Socket<NewsroomServerToClientEvents, NewsroomClientToServerEvents> = io(NEWSROOM_NAMESPACE, {
    auth: { token },
    transports: ['websocket', 'polling'],
  });
  socket.on('connect', async () => {
    const answer = await socket
      .timeout(10_000)
      .emitWithAck('caravan:join', { caravanId })
      .catch(() => null);
    if (!answer) {
      handlers.connection('reconnecting');
      socket.disconnect().connect();
      return;
    }
    if ('error' in answer) return handlers.refused(answer.error.message);
    handlers.snapshot(answer.data);
    handlers.connection('live');
  });
  socket.on('report:new', ({ caravanId: id, report }) => id === caravanId && handlers.report(report));
  socket.on('report:update', ({ caravanId: id, report }) => id === caravanId && handlers.report(report));
  socket.on('caravan:update', ({ caravanId: id, summary }) => id === caravanId && handlers.summary(summary));
  socket.on('disconnect', () => handlers.connection(navigator.onLine ? 'reconnecting' : 'offline'));
  socket.on('connect_error', (error) => {
    if (!socket.active) handlers.refused(error.message);
    else handlers.connection(navigator.onLine ? 'reconnecting' : 'offline');
  });
  return () => socket.close();
}
