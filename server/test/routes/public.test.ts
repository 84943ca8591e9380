import type { AccountCreated, PublicSnapshot } from '@rumbo/shared';
import type { Socket } from 'socket.io-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { publicStepMs } from '../../src/public/public-projection';
import { snapToGrid } from '../../src/public/snap-to-grid';
import { adminHeaders, connectPublicRecording, createCaravan, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const EXACT = { lng: -93.123456, lat: 15.654321 };
const NOTE = 'Nos quedamos en la iglesia de San Pedro';

describe.each(stores)('the public projection over HTTP and /public on the %s store', (_kind, makeStore) => {
  /** How far the app's clock runs ahead of the real one: each test starts at 0 and moves it past the delay. */
  let aheadMs = 0;
  beforeEach(() => {
    aheadMs = 0;
  });
  /** A fix is public once its fix time and its arrival are a delay old: an hour on covers a 30-minute delay and its step. */
  const anHourLater = () => {
    aheadMs += 3_600_000;
  };
  /**
   * Sets this app's clock `msBefore` the next release step of a caravan with the default public
   * settings (30-minute delay, 2 km grid): a step is released when the clock, less the delay,
   * reaches a multiple of the step.
   */
  const beforeNextStep = (msBefore: number) => {
    const stepMs = publicStepMs(2);
    aheadMs = stepMs - ((Date.now() - 30 * 60_000) % stepMs) - msBefore;
  };
  const setup = useTestApp(makeStore, {
    config: { publicReleaseMs: 200, publicSocketsPerIp: 3, publicLive: true },
    listen: true,
    now: () => Date.now() + aheadMs,
  });
  let reporter: AccountCreated;

  async function caravanWithReporter(): Promise<string> {
    const caravanId = await createCaravan(setup.app);
    reporter = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/reporters',
        headers: adminHeaders,
        payload: { name: 'Lucía Ramírez', caravans: [caravanId] },
      })
    ).json<AccountCreated>();
    return caravanId;
  }
  const post = (caravanId: string, body: object) =>
    postReports(setup.app, caravanId, body, { authorization: `Bearer ${reporter.token}` });
  const publicGet = (caravanId: string, headers: Record<string, string> = {}) =>
    setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}`, headers });

  /** The bytes must not hold the exact position, who reported it, their device, or the note. */
  function expectNoLeak(raw: string): void {
    for (const secret of [
      '93.123456',
      '15.654321',
      '93.12345',
      '15.65432',
      reporter.id,
      'Lucía',
      reporter.deviceId!,
      reporter.token,
      'San Pedro',
      'accuracyM',
      'reporterId',
    ]) {
      expect(raw, `leaked ${secret}`).not.toContain(secret);
    }
  }

  it('shows nothing of a fix posted now, on REST or the socket, then only its grid cell once the delay is over', async () => {
    const caravanId = await caravanWithReporter();
    const { socket, frames } = await connectPublicRecording(setup.baseUrl);
    const joined = await socket.emitWithAck('caravan:join', { caravanId });
    expect('data' in joined && joined.data.latest).toBeNull();

    await post(caravanId, { id: 'now', ...EXACT, accuracyM: 5, note: NOTE, recordedAt: new Date().toISOString() });
    const before = await publicGet(caravanId);
    expect(before.json<PublicSnapshot>()).toMatchObject({ latest: null, track: [] });
    expectNoLeak(before.body);

    // A fix taken two hours ago but arriving now (a clock behind, a late queue) is not public
    // either: its arrival is not a delay old.
    await post(caravanId, {
      id: 'earlier',
      ...EXACT,
      accuracyM: 5,
      note: NOTE,
      recordedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    expect((await publicGet(caravanId)).json<PublicSnapshot>()).toMatchObject({ latest: null, track: [] });

    // Once both are past the delay, it is released, as a grid cell.
    const update = new Promise<PublicSnapshot>((resolve) =>
      socket.on('public:update', ({ snapshot }) => snapshot.latest && resolve(snapshot)),
    );
    anHourLater();
    const after = await publicGet(caravanId);
    const snapshot = after.json<PublicSnapshot>();
    expect([snapshot.latest!.lng, snapshot.latest!.lat]).toEqual(snapToGrid([EXACT.lng, EXACT.lat], 2));
    expectNoLeak(after.body);
    const pushed = await update;
    expect([pushed.latest!.lng, pushed.latest!.lat]).toEqual(snapToGrid([EXACT.lng, EXACT.lat], 2));
    expectNoLeak(frames.join('\n'));
    socket.close();
  });

  it('withdraws a hidden report from REST and the socket at once', async () => {
    const caravanId = await caravanWithReporter();
    await post(caravanId, {
      reports: [
        { id: 'a', lng: -92.2633, lat: 14.9056, recordedAt: new Date(Date.now() - 5 * 3_600_000).toISOString() },
        { id: 'b', ...EXACT, recordedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() },
      ],
    });
    anHourLater();
    expect((await publicGet(caravanId)).json<PublicSnapshot>().track).toHaveLength(2);
    const { socket } = await connectPublicRecording(setup.baseUrl);
    await socket.emitWithAck('caravan:join', { caravanId });
    // A release push of the unchanged snapshot may come first when the machine is slow; wait for the withdrawal.
    const withdrawn = new Promise<PublicSnapshot>((resolve) =>
      socket.on('public:update', ({ snapshot }) => snapshot.track.length < 2 && resolve(snapshot)),
    );
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/b`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    const snapshot = (await publicGet(caravanId)).json<PublicSnapshot>();
    expect(snapshot.track).toEqual([snapToGrid([-92.2633, 14.9056], 2)]);
    expect((await withdrawn).track).toEqual([snapToGrid([-92.2633, 14.9056], 2)]);
    socket.close();
  });

  it('answers with cache headers, an ETag and 304, CORS for any site, and 404 for unknown or archived caravans', async () => {
    const caravanId = await caravanWithReporter();
    // Ten minutes before the next release step: kept the cap of a minute. (On the real clock,
    // this test failed in the last minute before each step.)
    beforeNextStep(10 * 60_000);
    const first = await publicGet(caravanId);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=30, stale-if-error=86400');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await publicGet(caravanId, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Ten seconds before the step: kept only until the step, when the snapshot may change.
    beforeNextStep(10_000);
    const nearStep = await publicGet(caravanId);
    const maxAge = Number(/max-age=(\d+)/.exec(String(nearStep.headers['cache-control']))![1]);
    expect(maxAge).toBeGreaterThanOrEqual(5);
    expect(maxAge).toBeLessThanOrEqual(10);
    await post(caravanId, { id: 'old', lng: -92.2633, lat: 14.9056, recordedAt: new Date(Date.now() - 3_600_000).toISOString() });
    anHourLater();
    const changed = await publicGet(caravanId, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<PublicSnapshot>().latest).not.toBeNull();
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: `/api/v1/public/caravans/${caravanId}` });
    expect(preflight.headers['access-control-allow-headers']).toContain('If-None-Match');
    expect((await publicGet('no-such-caravan')).statusCode).toBe(404);
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}`,
      headers: adminHeaders,
      payload: { status: 'archived' },
    });
    expect((await publicGet(caravanId)).statusCode).toBe(404);
  });

  it('shows notes only when the caravan allows it', async () => {
    const caravanId = await caravanWithReporter();
    await post(caravanId, {
      id: 'noted',
      lng: -92.2633,
      lat: 14.9056,
      note: NOTE,
      recordedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    anHourLater();
    expect((await publicGet(caravanId)).body).not.toContain('San Pedro');
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}`,
      headers: adminHeaders,
      payload: { public: { showNotes: true } },
    });
    expect((await publicGet(caravanId)).json<PublicSnapshot>().notes.map((note) => note.note)).toEqual([NOTE]);
  });

  it('is receive-only: a limit of sockets per address, and any other event ends the connection', async () => {
    const caravanId = await caravanWithReporter();
    // Sockets closed by earlier tests are counted until the server has seen them go.
    while (setup.app.io.of('/public').sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const open = await Promise.all([
      connectPublicRecording(setup.baseUrl),
      connectPublicRecording(setup.baseUrl),
      connectPublicRecording(setup.baseUrl),
    ]);
    await expect(connectPublicRecording(setup.baseUrl)).rejects.toThrow(/too many connections/);
    const [{ socket }] = open;
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    (socket as unknown as Socket).emit('report:new', { caravanId, lng: 0, lat: 0 });
    await closed;
    for (const { socket: other } of open) other.close();
    expect((await publicGet(caravanId)).json<PublicSnapshot>().latest).toBeNull();
  });
});
