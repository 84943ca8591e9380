import type { Alert, ReportInput } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminHeaders, connectNewsroom, createCaravan, iso, postReports, recordEvents, stores } from '../helper';
import { useTestApp } from '../use-test-app';
import { alertApi } from './alert-api';
import { startReceiver, validSignature, type Receiver } from './receiver';

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2024, 0, 1, 12);
const fix = (id: string, lng: number, lat: number, days: number): ReportInput => ({
  id,
  lng,
  lat,
  recordedAt: iso(START_MS + days * DAY_MS),
  accuracyM: 10,
});

/** Tapachula to El Paso: a town, a new state, 57 km, 6 km (and a crossing 6.5 km away), across. */
const JOURNEY = [
  fix('tapachula', -92.2633, 14.9056, 0),
  fix('arriaga', -93.9, 16.236, 1),
  fix('juchitan', -95.02, 16.43, 2),
  fix('samalayuca', -106.45, 31.0, 20),
  fix('juarez', -106.45, 31.7, 21),
  fix('el-paso', -106.44, 31.79, 22),
];
/** Arrives last, fixed before `samalayuca`, also within 100 km: no milestone is news again. */
const LATE = fix('late', -106.5, 31.1, 19.5);

const RULES = [
  { id: 'b100', kind: 'border_within_km', km: 100 },
  { id: 'b10', kind: 'border_within_km', km: 10 },
  { id: 'x10', kind: 'crossing_within_km', km: 10 },
  { id: 'us', kind: 'crossed_border' },
  { id: 'states', kind: 'entered_state' },
  { id: 'arriaga', kind: 'reached_place', name: 'Arriaga' },
];

describe.each(stores)('milestones on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true, deliveryTiming: { tickMs: 20, backoffBaseMs: 50 } });
  let receiver: Receiver;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(() => receiver.close());

  const { alertsOf, reportsOf, hide, setRules, addHook } = alertApi(() => setup.app);
  /** The alerts once `count` are there and nothing more came for a while (evaluation runs after the answer). */
  async function settled(caravanId: string, count: number): Promise<Alert[]> {
    await expect.poll(async () => (await alertsOf(caravanId)).length, { timeout: 5_000 }).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return alertsOf(caravanId);
  }

  it('fires each milestone once, on the fix that met it, with its figures, to the newsroom and the webhook', async () => {
    const caravanId = await createCaravan(setup.app);
    await setRules(caravanId, RULES);
    const hook = await addHook(receiver.url, [caravanId]);
    const socket = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
    await socket.emitWithAck('caravan:join', { caravanId });
    const events = recordEvents(socket);

    for (const report of JOURNEY) expect((await postReports(setup.app, caravanId, report)).statusCode).toBe(201);
    // Again, and a late fix out of order: the same milestones hold, none is news again.
    await postReports(setup.app, caravanId, { reports: JOURNEY });
    await postReports(setup.app, caravanId, LATE);

    const alerts = await settled(caravanId, 7);
    const reports = await reportsOf(caravanId);
    const byClaim = new Map(alerts.map((alert) => [alert.claim, alert]));
    const km = (value: number) => Math.round(value * 10) / 10;
    const expectOn = (claim: string, reportId: string, figures: Record<string, unknown>) => {
      const alert = byClaim.get(claim);
      expect(alert, claim).toMatchObject({
        event: 'triggered',
        caravanId,
        reportId,
        fixAt: reports.get(reportId)!.recordedAt,
        figures,
      });
      expect(alert!.where).toEqual([reports.get(reportId)!.lng, reports.get(reportId)!.lat]);
      expect(alert!.link).toBe(`/?caravan=${caravanId}&report=${reportId}`);
    };
    expectOn('arriaga|Arriaga|Chiapas', 'arriaga', { place: 'Arriaga', state: 'Chiapas' });
    expectOn('states|Oaxaca', 'juchitan', { state: 'Oaxaca' });
    expectOn('states|Chihuahua', 'samalayuca', { state: 'Chihuahua' });
    expectOn('b100|border', 'samalayuca', {
      distanceToBorderKm: km(reports.get('samalayuca')!.metrics.distanceToBorderKm),
      thresholdKm: 100,
    });
    expectOn('b10|border', 'juarez', {
      distanceToBorderKm: km(reports.get('juarez')!.metrics.distanceToBorderKm),
      thresholdKm: 10,
    });
    expectOn('x10|Ciudad Juárez – El Paso', 'juarez', {
      crossing: 'Ciudad Juárez – El Paso',
      crossingDistanceKm: km(reports.get('juarez')!.metrics.nearestCrossing.distanceKm),
    });
    expectOn('us|US', 'el-paso', { side: 'US', distanceToBorderKm: km(reports.get('el-paso')!.metrics.distanceToBorderKm) });
    // The origin's own state is no news.
    expect(byClaim.has('states|Chiapas')).toBe(false);
    expect(byClaim.get('b100|border')!.text).toContain('is 56.7 km from the US border');

    // Each alert reached the newsroom once and the webhook once, signed.
    await expect.poll(() => receiver.delivered().filter((entry) => entry.payload.alert.caravanId === caravanId).length).toBe(7);
    const mine = receiver.received.filter((entry) => entry.payload.alert.caravanId === caravanId);
    expect(new Set(mine.map((entry) => entry.payload.alert.id))).toEqual(new Set(alerts.map((alert) => alert.id)));
    for (const entry of mine) {
      expect(validSignature(hook.secret, entry)).toBe(true);
      expect(entry.headers['x-rumbo-delivery']).toBe(entry.payload.deliveryId);
      expect(entry.payload.text).toBe(entry.payload.alert.text);
    }
    expect(
      events
        .filter((event) => event.event === 'alert:new')
        .map((event) => (event.payload as { alert: Alert }).alert.id)
        .sort(),
    ).toEqual(alerts.map((alert) => alert.id).sort());
    socket.close();
    await setup.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminHeaders });
  });

  it('moves a milestone to another fix when its own is hidden, and withdraws it when none is left', async () => {
    const caravanId = await createCaravan(setup.app);
    await setRules(caravanId, RULES);
    const hook = await addHook(receiver.url, [caravanId]);
    await postReports(setup.app, caravanId, { reports: JOURNEY });
    await settled(caravanId, 7);
    await postReports(setup.app, caravanId, LATE);
    expect((await alertsOf(caravanId)).find((alert) => alert.claim === 'b100|border')!.reportId).toBe('samalayuca');

    await hide(caravanId, 'samalayuca');
    await new Promise((resolve) => setTimeout(resolve, 500));
    let alerts = await alertsOf(caravanId);
    expect(alerts).toHaveLength(7);
    // The earliest fix left on the track that is within 100 km: the late one.
    expect(alerts.find((alert) => alert.claim === 'b100|border')).toMatchObject({
      reportId: 'late',
      figures: { distanceToBorderKm: 50.1 },
    });

    await hide(caravanId, 'el-paso');
    alerts = await settled(caravanId, 8);
    const crossed = alerts.find((alert) => alert.claim === 'us|US')!;
    expect(crossed.withdrawn).toBe(true);
    const withdrawal = alerts.find((alert) => alert.event === 'withdrawn')!;
    expect(withdrawal).toMatchObject({ refersTo: crossed.id, kind: 'crossed_border', caravanId });
    expect(withdrawal.text).toMatch(/^Withdrawn: .* crossed into the United States/);
    await expect
      .poll(() => receiver.delivered().find((entry) => entry.payload.alert.id === withdrawal.id)?.payload.alert.refersTo)
      .toBe(crossed.id);

    // Crossing for real later fires anew, once.
    await postReports(setup.app, caravanId, fix('el-paso-again', -106.44, 31.79, 23));
    alerts = await settled(caravanId, 9);
    expect(alerts[0]).toMatchObject({ claim: 'us|US', reportId: 'el-paso-again', event: 'triggered' });
    await setup.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminHeaders });
  });
});
