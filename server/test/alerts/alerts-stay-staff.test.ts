import type { ReportInput } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  adminHeaders,
  connectNewsroom,
  connectPublicRecording,
  createCaravan,
  iso,
  postReports,
  recordEvents,
  stores,
} from '../helper';
import { useTestApp } from '../use-test-app';

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2024, 0, 1, 12);
/** Old fixes walking to the border: public once they are a delay old, and milestones for the desk. */
const JOURNEY: ReportInput[] = [
  { id: 'tapachula', lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS), accuracyM: 10 },
  { id: 'samalayuca', lng: -106.45, lat: 31.0, recordedAt: iso(START_MS + 20 * DAY_MS), accuracyM: 10 },
  { id: 'el-paso', lng: -106.44, lat: 31.79, recordedAt: iso(START_MS + 22 * DAY_MS), accuracyM: 10 },
];

describe.each(stores)('alerts stay with the staff on the %s store', (_kind, makeStore) => {
  let aheadMs = 0;
  const setup = useTestApp(makeStore, {
    config: { publicReleaseMs: 200, publicLive: true },
    listen: true,
    now: () => Date.now() + aheadMs,
  });

  it('sends a milestone to the newsroom and nothing of it to /public sockets, the public routes or the snapshot', async () => {
    const caravanId = await createCaravan(setup.app);
    await setup.app.inject({
      method: 'PUT',
      url: `/api/v1/caravans/${caravanId}/alert-rules`,
      headers: adminHeaders,
      payload: { rules: [{ id: 'us', kind: 'crossed_border' }] },
    });
    const newsroom = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
    await newsroom.emitWithAck('caravan:join', { caravanId });
    const staffEvents = recordEvents(newsroom);
    const { socket, frames } = await connectPublicRecording(setup.baseUrl);
    await socket.emitWithAck('caravan:join', { caravanId });
    try {
      for (const report of JOURNEY) expect((await postReports(setup.app, caravanId, report)).statusCode).toBe(201);
      await expect.poll(() => staffEvents.some(({ event }) => event === 'alert:new'), { timeout: 5_000 }).toBe(true);
      // The fixes become public (a delay on), so /public has had every chance to carry the alert along.
      aheadMs += 3_600_000;
      const snapshot = await setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` });
      expect(snapshot.json().latest).not.toBeNull();
      // The public socket hears of the release: it is listening, and what it hears is the projection.
      await expect.poll(() => frames.some((frame) => frame.includes('"latest":{')), { timeout: 5_000 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const alertText = (staffEvents.find(({ event }) => event === 'alert:new')!.payload as { text: string }).text;
      for (const bytes of [...frames, snapshot.body]) {
        expect(bytes).not.toMatch(/alert/i);
        expect(bytes).not.toContain(alertText);
      }
      const publicAlerts = await setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/alerts` });
      expect(publicAlerts.statusCode).toBe(404);
      const anonymous = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/alerts` });
      expect(anonymous.statusCode).toBe(401);
    } finally {
      socket.close();
      newsroom.close();
    }
  });
});
