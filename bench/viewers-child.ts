import { NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { openFilesLimit, serveParent } from './child-serve';
import { sleep, wallClockMs } from './clock';
import { parsePostNote, type ViewersApi } from './viewers-api';

/**
 * Newsroom viewers for the fan-out benchmarks, in a process apart from the servers: each socket
 * records, for every benchmark post, its receive time minus the send time the post carries.
 * Or readers on `/public` for the readers benchmark, which only join.
 */
const sockets: Socket[] = [];
const receipts = new Map<number, number[]>();
let lastEventAt = 0;
/** Kept by reference: measuring each payload would slow the very receipts being timed. */
let lastPayload: unknown = null;

/** Sockets opened at once: enough to be quick, few enough not to time out handshakes. */
const CONNECT_CONCURRENCY = 100;

function onReportNew(payload: { report?: { note?: unknown } }): void {
  const receivedAt = wallClockMs();
  const sent = parsePostNote(payload.report?.note);
  if (!sent) return;
  const list = receipts.get(sent.post) ?? [];
  list.push(receivedAt - sent.sentAtMs);
  receipts.set(sent.post, list);
  lastPayload = payload;
}

/** A websocket-only socket to `url`, connected; no reconnection, so a drop shows. */
async function openSocket(url: string, auth?: { token: string }): Promise<Socket> {
  const socket = io(url, {
    ...(auth ? { auth } : {}),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Joins the caravan's room; resolves with the join's time (ms). */
async function join(socket: Socket, caravanId: string): Promise<number> {
  const started = performance.now();
  const answer = (await socket.timeout(60_000).emitWithAck('caravan:join', { caravanId })) as { error?: { message: string } };
  if (answer.error) throw new Error(`caravan:join: ${answer.error.message}`);
  return performance.now() - started;
}

async function openViewer(baseUrl: string, token: string, caravanId: string): Promise<Socket> {
  const socket = await openSocket(`${baseUrl}${NEWSROOM_NAMESPACE}`, { token });
  await join(socket, caravanId);
  socket.on('report:new', onReportNew);
  socket.onAny(() => {
    lastEventAt = performance.now();
  });
  return socket;
}

/** A reader's `/public` socket, joined to the caravan's room; resolves with the join's time (ms). */
async function openReader(baseUrl: string, caravanId: string): Promise<number> {
  const socket = await openSocket(`${baseUrl}${PUBLIC_NAMESPACE}`);
  sockets.push(socket);
  return join(socket, caravanId);
}

const handlers: ViewersApi = {
  async connectPublic({ baseUrl, caravanId, count }) {
    const joinMs: number[] = [];
    for (let opened = 0; opened < count; opened += CONNECT_CONCURRENCY) {
      const batch = Math.min(CONNECT_CONCURRENCY, count - opened);
      joinMs.push(...(await Promise.all(Array.from({ length: batch }, () => openReader(baseUrl, caravanId)))));
    }
    return { connected: sockets.length, joinMs };
  },
  async connect({ baseUrl, token, caravanId, count }) {
    for (let opened = 0; opened < count; opened += CONNECT_CONCURRENCY) {
      const batch = Math.min(CONNECT_CONCURRENCY, count - opened);
      sockets.push(...(await Promise.all(Array.from({ length: batch }, () => openViewer(baseUrl, token, caravanId)))));
    }
    return { connected: sockets.length };
  },
  async awaitPost({ post, timeoutMs, quietMs }) {
    const deadline = performance.now() + timeoutMs;
    const received = () => receipts.get(post)?.length ?? 0;
    while (performance.now() < deadline && (received() < sockets.length || performance.now() - lastEventAt < quietMs))
      await sleep(5);
    return { received: received() };
  },
  latencies: ({ posts }) => posts.flatMap((post) => receipts.get(post) ?? []),
  payloadBytes: () => (lastPayload === null ? 0 : Buffer.byteLength(JSON.stringify(lastPayload))),
};

async function close(): Promise<void> {
  for (const socket of sockets) socket.close();
}

serveParent(handlers, close, { openFilesLimit: openFilesLimit() });
