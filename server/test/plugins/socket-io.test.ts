import { NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { JOIN_BURST, MAX_ROOMS_PER_SOCKET } from '../../src/realtime/caravan-rooms';
import { ADMIN_TOKEN, HOUR_MS, createCaravan, newCaravanId, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

/** Connections a test opened, closed after it whatever happened. */
const opened: Socket[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});

interface ConnectOptions {
  namespace?: string;
  /** What a proxy in front of us would say the client's address is. */
  forwardedFor?: string;
  token?: string;
}

/** A fresh Socket.IO connection from 127.0.0.1; resolves once connected, rejects with the connect_error. */
function connect(baseUrl: string, { namespace = PUBLIC_NAMESPACE, forwardedFor, token }: ConnectOptions = {}): Promise<Socket> {
  const socket = io(`${baseUrl}${namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}),
    ...(token ? { auth: { token } } : {}),
  });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

const forwarded = (index: number) => `203.0.113.${index}`;

/** Resolves with the reason once the server ends the socket; rejects if it does not within `timeoutMs`. */
function disconnection(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

describe.each(stores)('Socket.IO connections on the %s store', (_kind, makeStore) => {
  describe.each<[string, Config['trustProxy']]>([
    ['TRUST_PROXY=1', 1],
    ['TRUST_PROXY=true', true],
  ])('behind a load balancer (%s)', (_name, trustProxy) => {
    const setup = useTestApp(makeStore, { config: { trustProxy, publicSocketsPerIp: 3, publicLive: true }, listen: true });

    it('counts /public sockets per client address from X-Forwarded-For, not per proxy', async () => {
      const viewers = await Promise.all(
        Array.from({ length: 25 }, (_, index) => connect(setup.baseUrl, { forwardedFor: forwarded(index + 1) })),
      );
      expect(viewers.every((socket) => socket.connected)).toBe(true);
      // One client address is still capped, whatever the proxy's own address.
      const sameClient = { forwardedFor: forwarded(200) };
      await Promise.all([1, 2, 3].map(() => connect(setup.baseUrl, sameClient)));
      await expect(connect(setup.baseUrl, sameClient)).rejects.toThrow(/too many connections/);
    });
  });

  describe('reached directly (no TRUST_PROXY)', () => {
    const setup = useTestApp(makeStore, { config: { trustProxy: false, publicSocketsPerIp: 3, publicLive: true }, listen: true });

    it('ignores X-Forwarded-For: a forged header does not lift the cap', async () => {
      await Promise.all([1, 2, 3].map((index) => connect(setup.baseUrl, { forwardedFor: forwarded(index) })));
      await expect(connect(setup.baseUrl, { forwardedFor: forwarded(4) })).rejects.toThrow(/too many connections/);
    });
  });

  describe('connections per address, every namespace together', () => {
    const setup = useTestApp(makeStore, {
      config: { socketConnectionsPerIp: 3, trustProxy: true, publicLive: true },
      listen: true,
    });

    it('refuses the default namespace: nothing is served there', async () => {
      await expect(connect(setup.baseUrl, { namespace: '/', forwardedFor: forwarded(1) })).rejects.toThrow(
        /nothing is served on this namespace/,
      );
    });

    it('refuses a handshake past the cap until one of the address’s connections closes', async () => {
      const client = { forwardedFor: forwarded(2) };
      const [first] = await Promise.all([
        connect(setup.baseUrl, client),
        connect(setup.baseUrl, { ...client, namespace: NEWSROOM_NAMESPACE, token: ADMIN_TOKEN }),
        connect(setup.baseUrl, client),
      ]);
      await expect(connect(setup.baseUrl, client)).rejects.toThrow();
      await expect(connect(setup.baseUrl, { ...client, namespace: NEWSROOM_NAMESPACE, token: ADMIN_TOKEN })).rejects.toThrow();
      expect((await connect(setup.baseUrl, { forwardedFor: forwarded(3) })).connected).toBe(true);

      const gone = disconnection(first!);
      first!.close();
      await gone;
      // The server sees the connection go a moment after the client does.
      await expect.poll(() => connect(setup.baseUrl, client).then((socket) => socket.connected), { timeout: 5_000 }).toBe(true);
    });
  });

  describe.each([
    ['/public', PUBLIC_NAMESPACE, undefined],
    ['/newsroom', NEWSROOM_NAMESPACE, ADMIN_TOKEN],
  ])('joins on %s', (_name, namespace, token) => {
    const setup = useTestApp(makeStore, { config: { publicLive: true }, listen: true });

    async function caravanWithTrack(): Promise<string> {
      const caravanId = await createCaravan(setup.app);
      const posted = await postReports(setup.app, caravanId, { reports: walk(200, Date.now() - 300 * HOUR_MS) });
      expect(posted.statusCode).toBe(201);
      return caravanId;
    }

    it('disconnects a socket flooding joins, and an honest socket’s join is still answered', async () => {
      const caravanId = await caravanWithTrack();
      const flooder = await connect(setup.baseUrl, { namespace, token });
      const ended = disconnection(flooder);
      let answered = 0;
      for (let i = 0; i < 5_000; i++) flooder.emit('caravan:join', { caravanId }, () => answered++);
      expect(await ended).toBe('io server disconnect');
      expect(answered).toBeLessThanOrEqual(JOIN_BURST + 1);

      const honest = await connect(setup.baseUrl, { namespace, token });
      const answer = (await honest.timeout(5_000).emitWithAck('caravan:join', { caravanId })) as { data?: unknown };
      expect(answer.data).toBeDefined();
    });

    it('disconnects a socket joining more caravans at once than MAX_ROOMS_PER_SOCKET', async () => {
      const caravanIds = await Promise.all(Array.from({ length: MAX_ROOMS_PER_SOCKET + 1 }, () => createCaravan(setup.app)));
      const socket = await connect(setup.baseUrl, { namespace, token });
      for (const caravanId of caravanIds.slice(0, MAX_ROOMS_PER_SOCKET)) {
        const answer = (await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId })) as { data?: unknown };
        expect(answer.data).toBeDefined();
      }
      // Joining one it is in already adds no room; a new one is one too many.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId: caravanIds[0] })).toHaveProperty('data');
      const ended = disconnection(socket);
      socket.emit('caravan:join', { caravanId: caravanIds.at(-1) ?? newCaravanId() }, () => {});
      expect(await ended).toBe('io server disconnect');
    });
  });
});

describe('/public with PUBLIC_LIVE off (the default)', () => {
  const setup = useTestApp(stores[0]![1], { listen: true });

  it('refuses every reader socket and says where to poll, while the newsroom connects as before', async () => {
    await expect(connect(setup.baseUrl)).rejects.toThrow(/PUBLIC_LIVE.*\/updates/);
    const config = await setup.app.inject({ method: 'GET', url: '/api/v1/client-config' });
    expect(config.json()).toEqual({ basemapStyleUrl: null, publicLive: false, publicBaseUrl: null });
    expect(config.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    const newsroom = await connect(setup.baseUrl, { namespace: NEWSROOM_NAMESPACE, token: ADMIN_TOKEN });
    expect(newsroom.connected).toBe(true);
  });
});
