import type { Ack, PUBLIC_NAMESPACE, PublicServerToClientEvents, PublicSnapshot } from '@rumbo/shared';
import { decodePacket, encodeConnect, encodeEvent, PONG, type Packet } from './socket-io-packets';

/**
 * The shared constant, checked by the compiler but not imported at run time: a value import from
 * @rumbo/shared brings its TypeBox schemas along (~12 KB gzipped), a third of the embed's budget.
 */
const NAMESPACE: typeof PUBLIC_NAMESPACE = '/public';
const JOIN_TIMEOUT_MS = 10_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

type PublicUpdate = Parameters<PublicServerToClientEvents['public:update']>[0];
type PublicGone = Parameters<PublicServerToClientEvents['public:gone']>[0];

export interface PublicSocketHandlers {
  snapshot(snapshot: PublicSnapshot): void;
  notPublic(): void;
  /** The caravan stopped being public while joined: the socket is closed for good. */
  gone(): void;
  /** Joined: snapshots now arrive as fixes come out of the delay. */
  live(): void;
  /** Not connected, not joined, or the server could not answer: someone else must keep the page fresh. */
  down(): void;
}

/**
 * The embed's live channel: `/public` over a bare WebSocket, receive-only. socket.io-client
 * (~14 KB gzipped, half the embed's budget) would add long-polling and binary support; the embed
 * needs neither: where WebSocket is blocked, public-feed.ts polls the REST endpoint instead.
 * Every (re)connect joins the caravan again and takes the snapshot in the ack, so whatever was
 * released while the socket was away is not missed. Retries back off from 1 s to a minute.
 */
export function connectPublic(caravanId: string, handlers: PublicSocketHandlers): () => void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/socket.io/?EIO=4&transport=websocket`;
  let socket: WebSocket | null = null;
  let attempt = 0;
  /** The server pings every interval; silence past interval + timeout means a dead line. */
  let deadAfterMs = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let joinTimer: ReturnType<typeof setTimeout> | undefined;

  function teardown(): void {
    clearTimeout(retryTimer);
    clearTimeout(silenceTimer);
    clearTimeout(joinTimer);
    if (socket) socket.onclose = socket.onmessage = null;
    socket?.close();
    socket = null;
  }

  function reconnectLater(): void {
    teardown();
    handlers.down();
    // Jitter spreads the reconnects of every open embed after a server restart.
    const delayMs = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(open, delayMs);
  }

  function onJoinAnswer(answer: Ack<PublicSnapshot>): void {
    clearTimeout(joinTimer);
    if ('error' in answer) {
      if (answer.error.code !== 'unavailable') handlers.notPublic();
      return reconnectLater();
    }
    attempt = 0;
    handlers.snapshot(answer.data);
    handlers.live();
  }

  function onPacket(packet: Packet): void {
    switch (packet.kind) {
      case 'open':
        socket?.send(encodeConnect(NAMESPACE));
        return;
      case 'ping':
        socket?.send(PONG);
        return;
      case 'connected':
        socket?.send(encodeEvent(NAMESPACE, 0, 'caravan:join', { caravanId }));
        joinTimer = setTimeout(reconnectLater, JOIN_TIMEOUT_MS);
        return;
      case 'ack':
        if (packet.id === 0) onJoinAnswer(packet.args[0] as Ack<PublicSnapshot>);
        return;
      case 'event': {
        const payload = packet.args[0] as PublicUpdate | PublicGone | undefined;
        if (payload?.caravanId !== caravanId) return;
        if (packet.name === 'public:update' && 'snapshot' in payload) handlers.snapshot(payload.snapshot);
        if (packet.name === 'public:gone') {
          teardown();
          handlers.gone();
        }
        return;
      }
      case 'close':
      case 'refused':
        return reconnectLater();
    }
  }

  function open(): void {
    socket = new WebSocket(url);
    socket.onclose = reconnectLater;
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let packet: Packet;
      try {
        packet = decodePacket(event.data, NAMESPACE);
      } catch {
        return reconnectLater(); // not the protocol we speak: start over rather than guess
      }
      if (packet.kind === 'open') deadAfterMs = packet.pingIntervalMs + packet.pingTimeoutMs;
      clearTimeout(silenceTimer);
      if (deadAfterMs) silenceTimer = setTimeout(reconnectLater, deadAfterMs);
      onPacket(packet);
    };
  }

  open();
  return teardown;
}
