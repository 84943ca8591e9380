import type { Manager } from 'socket.io-client';

/**
 * How late a ping may be before the connection is taken for dead: a fifth of the interval, and at
 * least 2 s so that a busy server or a phone's radio waking up is not mistaken for a lost link.
 */
export const heartbeatGraceMs = (intervalMs: number) => Math.max(2_000, intervalMs / 5);

/**
 * Calls `missed` when the server's ping is overdue. The server pings every open connection at
 * its ping interval (Socket.IO's pingInterval, 25 s by default); the client learns it from the
 * gap between the handshake and the first ping, and between pings after that. Socket.IO itself
 * waits for pingInterval + pingTimeout (45 s by default) before it gives a silent link up; this
 * says so once a single ping is late. Until the first ping of the page's first connection there
 * is no interval to judge by, and the socket's own timeout is the only guard.
 */
export function watchHeartbeat(manager: Manager, missed: () => void): () => void {
  let intervalMs: number | null = null;
  let lastBeatAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (intervalMs !== null) timer = setTimeout(missed, intervalMs + heartbeatGraceMs(intervalMs));
  };
  const opened = () => {
    lastBeatAt = Date.now();
    arm();
  };
  const pinged = () => {
    const now = Date.now();
    intervalMs = now - lastBeatAt;
    lastBeatAt = now;
    arm();
  };
  const closed = () => clearTimeout(timer);
  manager.on('open', opened);
  manager.on('ping', pinged);
  manager.on('close', closed);
  return () => {
    closed();
    manager.off('open', opened);
    manager.off('ping', pinged);
    manager.off('close', closed);
  };
}
