import { PUBLIC_NAMESPACE, type PublicClientToServerEvents, type PublicServerToClientEvents } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, HOUR_MS, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

type PublicSocket = Socket<PublicServerToClientEvents, PublicClientToServerEvents>;

const RELEASE_MS = 100;

describe.each(stores)('the public release timer, on the %s store', (_kind, makeStore) => {
  // The app's clock an hour ahead: fixes posted now (arriving now) are a delay old, so public.
  const setup = useTestApp(makeStore, {
    config: { publicReleaseMs: RELEASE_MS, publicLive: true },
    listen: true,
    now: () => Date.now() + HOUR_MS,
  });

  it('does not send a viewer again the snapshot it joined with, and sends the next one', async () => {
    const caravanId = await createCaravan(setup.app);
    const reports = walk(4, Date.now() - 10 * 3_600_000);
    await postReports(setup.app, caravanId, { reports });
    const socket: PublicSocket = io(`${setup.baseUrl}${PUBLIC_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const updates: string[] = [];
    socket.on('public:update', ({ snapshot }) => updates.push(JSON.stringify(snapshot)));
    try {
      const joined = await socket.emitWithAck('caravan:join', { caravanId });
      if (!('data' in joined)) throw new Error(`join refused: ${JSON.stringify(joined)}`);
      expect(joined.data.latest).not.toBeNull();
      // Five release ticks with nothing new: the snapshot the join answered with stays the one held.
      await new Promise((resolve) => setTimeout(resolve, 5 * RELEASE_MS));
      expect(updates).toEqual([]);

      // The latest report hidden changes what the public sees: that reaches the viewer, once.
      const hidden = await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/caravans/${caravanId}/reports/${reports[3]!.id}`,
        headers: adminHeaders,
        payload: { hidden: true },
      });
      expect(hidden.statusCode).toBe(200);
      await expect.poll(() => updates.length).toBe(1);
      const [update] = updates.map((json) => JSON.parse(json) as typeof joined.data);
      expect(update!.latest).not.toEqual(joined.data.latest);
      await new Promise((resolve) => setTimeout(resolve, 3 * RELEASE_MS));
      expect(updates).toHaveLength(1);
    } finally {
      socket.close();
    }
  });
});
