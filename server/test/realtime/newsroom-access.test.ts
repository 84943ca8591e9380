import type { AccountCreated } from '@rumbo/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { patchedAccount } from '../../src/accounts/account-rules';
import { buildApp, type App } from '../../src/app';
import type { TrackStore } from '../../src/store/track-store';
import {
  ADMIN_TOKEN,
  adminHeaders,
  closeStore,
  connectNewsroom,
  createCaravan,
  iso,
  listen,
  nextEvent,
  postReports,
  recordEvents,
  stores,
  testConfig,
  type NewsroomSocket,
} from '../helper';

const AT_TAPACHULA = { lng: -92.2633, lat: 14.9056, recordedAt: iso(Date.UTC(2024, 0, 20, 14)) };

/** The reason the server gave for ending `socket`, or a rejection after `timeoutMs`. */
function disconnected(socket: NewsroomSocket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** The app on `store`, its newsroom checking open sockets' tokens every `recheckMs`, listening. */
function useAppWithRecheck(makeStore: () => TrackStore, recheckMs?: number) {
  const built: { app?: App; store?: TrackStore; baseUrl?: string } = {};
  beforeAll(async () => {
    built.store = makeStore();
    built.app = await buildApp({
      config: testConfig(),
      store: built.store,
      clientDist: '/nonexistent/rumbo-client-dist',
      newsroomAccessRecheckMs: recheckMs,
    });
    built.baseUrl = await listen(built.app);
  });
  afterAll(async () => {
    await built.app?.close();
    if (built.store) await closeStore(built.store);
  });
  return built as Required<typeof built>;
}

describe.each(stores)('newsroom access on the %s store', (_kind, makeStore) => {
  const sockets: NewsroomSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  async function staffSocket(app: App, baseUrl: string, role: 'editor' | 'viewer' = 'viewer') {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: adminHeaders,
      payload: { name: 'Sofía', role },
    });
    const account = created.json<AccountCreated>();
    const socket = await connectNewsroom(baseUrl, account.token);
    sockets.push(socket);
    return { account, socket };
  }

  async function joined(socket: NewsroomSocket, caravanId: string) {
    const answer = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId });
    if ('error' in answer) throw new Error(`join failed: ${answer.error.code}`);
  }

  describe('with the periodic check far off (30 s): the change itself ends the socket', () => {
    const setup = useAppWithRecheck(makeStore);

    it('disconnects a staff socket within seconds of its account being revoked, and sends it no further report', async () => {
      const caravanId = await createCaravan(setup.app);
      const { account, socket } = await staffSocket(setup.app, setup.baseUrl);
      await joined(socket, caravanId);
      const control = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
      sockets.push(control);
      await joined(control, caravanId);
      const seen = recordEvents(socket);
      const ended = disconnected(socket, 3_000);

      const revoked = await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/${account.id}`,
        headers: adminHeaders,
        payload: { revoked: true },
      });
      expect(revoked.statusCode).toBe(200);
      expect(await ended).toBe('io server disconnect');

      const pushed = nextEvent(control, 'report:new');
      await postReports(setup.app, caravanId, { id: 'after-revoke', ...AT_TAPACHULA });
      expect((await pushed).report.id).toBe('after-revoke');
      expect(seen.filter(({ event }) => event === 'report:new')).toEqual([]);
      await expect(connectNewsroom(setup.baseUrl, account.token)).rejects.toThrow(/unauthorized/);
    });

    it('keeps the socket of an account whose change still lets it watch (renamed)', async () => {
      const caravanId = await createCaravan(setup.app);
      const { account, socket } = await staffSocket(setup.app, setup.baseUrl, 'editor');
      await joined(socket, caravanId);
      const renamed = await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/${account.id}`,
        headers: adminHeaders,
        payload: { name: 'Sofía R.' },
      });
      expect(renamed.statusCode).toBe(200);
      const pushed = nextEvent(socket, 'report:new');
      await postReports(setup.app, caravanId, { id: 'after-rename', ...AT_TAPACHULA });
      expect((await pushed).report.id).toBe('after-rename');
      expect(socket.connected).toBe(true);
    });

    it('answers a join after a revocation the feed never heard of (straight in the store) with an error, not the snapshot', async () => {
      const caravanId = await createCaravan(setup.app);
      const { account, socket } = await staffSocket(setup.app, setup.baseUrl);
      await setup.app.accounts.save(patchedAccount((await setup.app.accounts.get(account.id))!, { revoked: true }));
      const ended = disconnected(socket, 3_000);

      const answer = await socket.timeout(3_000).emitWithAck('caravan:join', { caravanId });
      expect(answer).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/staff token/) } });
      expect(await ended).toBe('io server disconnect');
    });
  });

  describe('with the periodic check every 200 ms', () => {
    const setup = useAppWithRecheck(makeStore, 200);

    it('ends the socket of an account revoked the way the CLI does it, straight in the store', async () => {
      const caravanId = await createCaravan(setup.app);
      const { account, socket } = await staffSocket(setup.app, setup.baseUrl);
      const other = await staffSocket(setup.app, setup.baseUrl);
      await joined(socket, caravanId);
      await joined(other.socket, caravanId);
      const ended = disconnected(socket, 2_000);

      await setup.app.accounts.save(patchedAccount((await setup.app.accounts.get(account.id))!, { revoked: true }));
      expect(await ended).toBe('io server disconnect');
      // The checks that still pass keep their sockets.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(other.socket.connected).toBe(true);
    });
  });
});
