import {
  NEWSROOM_NAMESPACE,
  type Alert,
  type CaravanSummary,
  type NewsroomClientToServerEvents,
  type NewsroomServerToClientEvents,
  type NewsroomSnapshot,
  type Report,
} from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { watchHeartbeat } from './heartbeat-watch';

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

export interface NewsroomHandlers {
  snapshot(snapshot: NewsroomSnapshot): void;
  report(report: Report): void;
  summary(summary: CaravanSummary): void;
  /** An alert of the caravan, live. */
  alert(alert: Alert): void;
  connection(state: ConnectionState): void;
  /** The server refused us (bad token, unknown caravan): not something a retry fixes. */
  refused(message: string): void;
}

/**
 * The page's one socket. On every (re)connect it joins the caravan again and takes a fresh
 * snapshot before applying new events, so nothing pushed while it was away is missed; it is
 * "live" only from then on. It does not wait for Socket.IO to notice a lost link (45 s by
 * default): the browser's offline event, or one missed heartbeat, ends "live" at once.
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
  socket.on('alert:new', ({ caravanId: id, alert }) => id === caravanId && handlers.alert(alert));
  socket.on('disconnect', () => handlers.connection(navigator.onLine ? 'reconnecting' : 'offline'));
  socket.on('connect_error', (error) => {
    if (!socket.active) handlers.refused(error.message);
    else handlers.connection(navigator.onLine ? 'reconnecting' : 'offline');
  });

  /** Drops the connection, dead or alive, and opens a new one at once (no backoff): it rejoins and takes a fresh snapshot. */
  const reconnectNow = () => {
    handlers.connection('reconnecting');
    socket.disconnect().connect();
  };
  const stopHeartbeatWatch = watchHeartbeat(socket.io, reconnectNow);
  // No network: say so at once, and stop retrying until the browser has a network again.
  const wentOffline = () => {
    socket.disconnect();
    handlers.connection('offline');
  };
  const cameOnline = () => {
    if (!socket.connected) reconnectNow();
  };
  addEventListener('offline', wentOffline);
  addEventListener('online', cameOnline);
  return () => {
    removeEventListener('offline', wentOffline);
    removeEventListener('online', cameOnline);
    stopHeartbeatWatch();
    socket.close();
  };
}
