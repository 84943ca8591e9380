/**
 * The few Socket.IO packets the embed exchanges, as text frames over one WebSocket (Engine.IO
 * protocol 4 carrying Socket.IO protocol 5: https://socket.io/docs/v4/socket-io-protocol/).
 * A frame is an Engine.IO type digit; a `4` (message) carries a Socket.IO packet:
 * `<type>[<namespace>,][<ack id>][<JSON>]`, e.g. `42/public,["public:update",{…}]`.
 */
export type Packet =
  | { kind: 'open'; pingIntervalMs: number; pingTimeoutMs: number }
  | { kind: 'ping' }
  | { kind: 'close' }
  | { kind: 'connected' }
  | { kind: 'refused'; message: string }
  | { kind: 'event'; name: string; args: unknown[] }
  | { kind: 'ack'; id: number; args: unknown[] }
  | { kind: 'ignored' };

const ENGINE = { open: '0', close: '1', ping: '2', pong: '3', message: '4' } as const;
const SOCKET = { connect: '0', disconnect: '1', event: '2', ack: '3', connectError: '4' } as const;

export const PONG = ENGINE.pong;
export const encodeConnect = (namespace: string) => `${ENGINE.message}${SOCKET.connect}${namespace},`;
export const encodeEvent = (namespace: string, ackId: number, name: string, payload: unknown) =>
  `${ENGINE.message}${SOCKET.event}${namespace},${ackId}${JSON.stringify([name, payload])}`;

/** One text frame from the server; anything for another namespace, or binary, is ignored. */
export function decodePacket(frame: string, namespace: string): Packet {
  if (frame.startsWith(ENGINE.open)) {
    const { pingInterval, pingTimeout } = JSON.parse(frame.slice(1)) as { pingInterval: number; pingTimeout: number };
    return { kind: 'open', pingIntervalMs: pingInterval, pingTimeoutMs: pingTimeout };
  }
  if (frame === ENGINE.ping) return { kind: 'ping' };
  if (frame === ENGINE.close) return { kind: 'close' };
  if (!frame.startsWith(ENGINE.message) || !frame.startsWith(`${namespace},`, 2)) return { kind: 'ignored' };
  const type = frame[1];
  const [, ackId = '', json = ''] = /^(\d*)([\s\S]*)$/.exec(frame.slice(2 + namespace.length + 1))!;
  const body: unknown = json ? JSON.parse(json) : null;
  if (type === SOCKET.connect) return { kind: 'connected' };
  if (type === SOCKET.disconnect) return { kind: 'close' };
  if (type === SOCKET.connectError) return { kind: 'refused', message: String((body as { message?: unknown } | null)?.message) };
  if (type === SOCKET.event && Array.isArray(body) && typeof body[0] === 'string')
    return { kind: 'event', name: body[0], args: body.slice(1) };
  if (type === SOCKET.ack && ackId && Array.isArray(body)) return { kind: 'ack', id: Number(ackId), args: body };
  return { kind: 'ignored' };
}
