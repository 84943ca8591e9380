import type { InsertResult } from '../../src/store/track-store';
import type { Report } from '@rumbo/shared';
import { NEWSROOM_NAMESPACE } from '@rumbo/shared';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { ADMIN_TOKEN, buildTestApp, createCaravan, iso, listen, nextEvent, type NewsroomSocket } from '../helper';

/** A memory store whose next insert waits until the test lets it go: a request held in flight. */
class HeldStore extends MemoryStore {
  private held: { entered: () => void; release: Promise<void> } | null = null;

  /** Holds the next insert; resolves once it has started, with the function that lets it finish. */
  holdNextInsert(): { started: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    this.held = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
    return { started, release };
  }

  override async insertReport(report: Report): Promise<InsertResult> {
    const held = this.held;
    this.held = null;
    if (held) {
      held.entered();
      await held.release;
    }
    return super.insertReport(report);
  }
}

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function started(store: MemoryStore, port = 0): Promise<{ app: App; url: string }> {
  const app = await buildTestApp({ store });
  apps.push(app);
  const url = port === 0 ? await listen(app) : await app.listen({ port, host: '127.0.0.1' });
  return { app, url };
}

describe('graceful shutdown', () => {
  it('lets a report in flight finish and stores it, while the port stops taking new connections', async () => {
    const store = new HeldStore();
    const { app, url } = await started(store);
    const caravanId = await createCaravan(app);
    const { started: inFlight, release } = store.holdNextInsert();
    const posting = fetch(`${url}/api/v1/caravans/${caravanId}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'in-flight', lng: -92.2633, lat: 14.9056, recordedAt: iso(Date.UTC(2024, 0, 1)) }),
    });
    await inFlight;

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    release();
    const response = await posting;
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ accepted: [{ id: 'in-flight', duplicate: false }] });
    await closing;
    expect(closed).toBe(true);
    expect(await store.getReport(caravanId, 'in-flight')).toMatchObject({ id: 'in-flight' });
  });

  describe.each(['websocket', 'polling'] as const)('a newsroom client on %s', (transport) => {
    it('is told to reconnect, not dropped, and reconnects to the server restarted on the same port', async () => {
      const store = new MemoryStore();
      const first = await started(store);
      const caravanId = await createCaravan(first.app);
      const socket: NewsroomSocket = io(`${first.url}${NEWSROOM_NAMESPACE}`, {
        auth: { token: ADMIN_TOKEN },
        transports: [transport],
        forceNew: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 200,
      });
      try {
        await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
        const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

        await first.app.close();
        apps.splice(apps.indexOf(first.app), 1);
        // The transport went away ("transport close" on websocket, "transport error" on polling), so
        // the client retries; "io server disconnect" would have left it offline for good.
        expect(await disconnected).toMatch(/^transport (close|error)$/);
        expect(socket.active).toBe(true);

        const port = Number(new URL(first.url).port);
        const reconnected = new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
        const second = await started(store, port);
        await reconnected;

        // Reconnected for real: it joins again and hears what the new server pushes.
        const joined = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId });
        expect(joined).toHaveProperty('data');
        const pushed = nextEvent(socket, 'report:new');
        await second.app.inject({
          method: 'POST',
          url: `/api/v1/caravans/${caravanId}/reports`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          payload: { id: 'after-restart', lng: -92.2633, lat: 14.9056, recordedAt: iso(Date.UTC(2024, 0, 1)) },
        });
        expect((await pushed).report.id).toBe('after-restart');
      } finally {
        socket.close();
      }
    });
  });
});
