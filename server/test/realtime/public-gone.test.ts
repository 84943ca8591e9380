import { PUBLIC_NAMESPACE, type PublicClientToServerEvents, type PublicServerToClientEvents } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import {
  TEST_REDIS_URL,
  adminHeaders,
  buildTestApp,
  closeStore,
  createCaravan,
  listen,
  postReports,
  stores,
  walk,
} from '../helper';
import { useTestApp } from '../use-test-app';

type PublicSocket = Socket<PublicServerToClientEvents, PublicClientToServerEvents>;

/** A public viewer joined to one caravan, recording every event it receives in order. */
async function publicViewer(baseUrl: string, caravanId: string): Promise<{ socket: PublicSocket; events: string[] }> {
  const socket: PublicSocket = io(`${baseUrl}${PUBLIC_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const events: string[] = [];
  socket.onAny((event: string) => events.push(event));
  const answer = await socket.emitWithAck('caravan:join', { caravanId });
  expect('data' in answer).toBe(true);
  return { socket, events };
}

const archive = (app: App, caravanId: string) =>
  app.inject({ method: 'PATCH', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders, payload: { status: 'archived' } });

/** Resolves with the `public:gone` payload, or fails saying the viewer kept its last snapshot. */
const gone = (socket: PublicSocket) =>
  new Promise<{ caravanId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no public:gone within 3 s: the viewer keeps showing the caravan')), 3_000);
    socket.once('public:gone', (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

const publicRoomSize = (app: App, caravanId: string) =>
  app.io.of(PUBLIC_NAMESPACE).adapter.rooms.get(`public:${caravanId}`)?.size ?? 0;

describe.each(stores)('a caravan archived under open public sockets, on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { config: { publicReleaseMs: 100, publicLive: true }, listen: true });

  it('tells its viewers it is gone, lets them go, and sends them nothing after, not even a hide', async () => {
    const caravanId = await createCaravan(setup.app);
    const reports = walk(3, Date.now() - 10 * 3_600_000);
    await postReports(setup.app, caravanId, { reports });
    const { socket, events } = await publicViewer(setup.baseUrl, caravanId);
    try {
      const told = gone(socket);
      expect((await archive(setup.app, caravanId)).statusCode).toBe(200);
      expect(await told).toEqual({ caravanId });
      expect(publicRoomSize(setup.app, caravanId)).toBe(0);

      // What happens to the caravan now stays with the newsroom.
      const hidden = await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/caravans/${caravanId}/reports/${reports[2]!.id}`,
        headers: adminHeaders,
        payload: { hidden: true },
      });
      expect(hidden.statusCode).toBe(200);
      await postReports(setup.app, caravanId, { reports: walk(2, Date.now() - 5 * 3_600_000, 3_600_000, 'late') });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A release tick may reach the viewer before the archive does; after `gone`, nothing.
      expect(events.slice(events.indexOf('public:gone'))).toEqual(['public:gone']);
    } finally {
      socket.close();
    }
  });
});

describe('a caravan archived on instance A, with public viewers on instance B', () => {
  const instanceStores = [new RedisStore(TEST_REDIS_URL), new RedisStore(TEST_REDIS_URL)];
  let instances: App[];
  let urls: string[];
  beforeAll(async () => {
    instances = await Promise.all(
      instanceStores.map((store) => buildTestApp({ store, config: { redisUrl: TEST_REDIS_URL, publicLive: true } })),
    );
    urls = await Promise.all(instances.map(listen));
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(instanceStores.map(closeStore));
  });

  it('reaches the viewers on B at once', async () => {
    const [a, b] = instances as [App, App];
    const caravanId = await createCaravan(a);
    await postReports(a, caravanId, { reports: walk(2, Date.now() - 10 * 3_600_000) });
    const { socket } = await publicViewer(urls[1]!, caravanId);
    try {
      const told = gone(socket);
      expect((await archive(a, caravanId)).statusCode).toBe(200);
      expect(await told).toEqual({ caravanId });
      expect(publicRoomSize(b, caravanId)).toBe(0);
    } finally {
      socket.close();
    }
  });
});
