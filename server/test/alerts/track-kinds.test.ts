import type { Alert, Caravan, ReportInput } from '@rumbo/shared';
import { distanceToRouteKm, legKm } from '@rumbo/shared/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, HOUR_MS, iso, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';
import { alertApi } from './alert-api';
import { startReceiver, type Receiver } from './receiver';

/** 2024-01-02 16:00 in central Mexico (UTC−6): an evening walk that runs past midnight UTC. */
const EVENING_MS = Date.UTC(2024, 0, 2, 22);

/** A walk north-west from Tapachula, about 2 km a leg, one fix an hour from `startMs`. */
const walk = (prefix: string, count: number, startMs: number, from = 0): ReportInput[] =>
  Array.from({ length: count }, (_, step) => ({
    id: `${prefix}-${step}`,
    lng: -92.2633 - (from + step) * 0.01,
    lat: 14.9056 + (from + step) * 0.015,
    recordedAt: iso(startMs + step * HOUR_MS),
    accuracyM: 10,
  }));
const at = (id: string, lng: number, lat: number, ms: number, extra: Partial<ReportInput> = {}): ReportInput => ({
  id,
  lng,
  lat,
  recordedAt: iso(ms),
  accuracyM: 10,
  ...extra,
});
const round1 = (value: number) => Math.round(value * 10) / 10;

describe.each(stores)('the track-judged alert kinds on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { deliveryTiming: { tickMs: 20, backoffBaseMs: 50 } });
  let receiver: Receiver;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(() => receiver.close());

  const { alertsOf, reportsOf, hide, setRules, addHook } = alertApi(() => setup.app);
  const post = async (caravanId: string, payload: unknown) =>
    expect((await postReports(setup.app, caravanId, payload)).statusCode).toBeLessThan(300);
  /** The alerts once `count` are there and nothing more came for a while (judging runs after the answer). */
  async function settled(caravanId: string, count: number): Promise<Alert[]> {
    await expect.poll(async () => (await alertsOf(caravanId)).length, { timeout: 5_000 }).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const alerts = await alertsOf(caravanId);
    expect(alerts).toHaveLength(count);
    return alerts;
  }
  /** A caravan with only `rules`, and a webhook for it; `body` adds to the caravan (a route). */
  async function caravanWith(rules: object[], body: Record<string, unknown> = {}) {
    const caravanId = await createCaravan(setup.app, body);
    await setRules(caravanId, rules);
    return { caravanId, hookId: (await addHook(receiver.url, [caravanId])).id };
  }
  /** Each alert reached the webhook once; then the hook is removed. */
  async function deliveredOnce({ caravanId, hookId }: { caravanId: string; hookId: string }, alerts: Alert[]) {
    const mine = () => receiver.delivered().filter((entry) => entry.payload.alert.caravanId === caravanId);
    await expect.poll(() => mine().length, { timeout: 5_000 }).toBe(alerts.length);
    expect(
      mine()
        .map((entry) => entry.payload.alert.id)
        .sort(),
    ).toEqual(alerts.map((alert) => alert.id).sort());
    await setup.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hookId}`, headers: adminHeaders });
  }

  it('day_km: once per day of central Mexico time, on the fix that reached it; moved, then withdrawn, as fixes are hidden', async () => {
    const hooked = await caravanWith([{ id: 'day10', kind: 'day_km', km: 10 }]);
    const { caravanId } = hooked;
    // 16:00 to 23:00 local on 2 January: about 14 km in one local day, though it spans two UTC days.
    const evening = walk('eve', 8, EVENING_MS);
    await post(caravanId, { reports: evening });
    let [reached] = await settled(caravanId, 1);
    const reports = await reportsOf(caravanId);
    const track = evening.map((fix) => reports.get(fix.id!)!);
    let coveredKm = 0;
    let reachedAt = 0;
    while (coveredKm < 10) coveredKm += legKm(track[reachedAt]!, track[++reachedAt]!);
    expect(reached).toMatchObject({
      kind: 'day_km',
      event: 'triggered',
      reportId: `eve-${reachedAt}`,
      claim: 'day10|2024-01-02',
      figures: { dayKm: round1(coveredKm), thresholdKm: 10, day: '2024-01-02' },
    });
    expect(reached!.text).toContain(`covered ${round1(coveredKm)} km on 2024-01-02 (central Mexico time; rule: 10 km in a day)`);

    // Sent again, and a late fix of that evening between two others: that day is no news again.
    await post(caravanId, { reports: evening });
    await post(caravanId, at('late', -92.2633 - 0.5 * 0.01, 14.9056 + 0.5 * 0.015, EVENING_MS + 0.5 * HOUR_MS));
    // The next local day (3 January, from 08:00): news again, once.
    await post(caravanId, { reports: walk('next', 8, Date.UTC(2024, 0, 3, 14), 8) });
    let alerts = await settled(caravanId, 2);
    expect(alerts.map((alert) => alert.claim).sort()).toEqual(['day10|2024-01-02', 'day10|2024-01-03']);

    // Hiding the fix it stood on: the evening still reaches 10 km, one fix later.
    await hide(caravanId, `eve-${reachedAt}`);
    await expect
      .poll(async () => (await alertsOf(caravanId)).find((alert) => alert.id === reached!.id)?.reportId)
      .toBe(`eve-${reachedAt + 1}`);
    // Hiding the rest of the evening after it: 10 km are no longer reached, the alert is withdrawn.
    for (let step = reachedAt + 1; step < 8; step++) await hide(caravanId, `eve-${step}`);
    alerts = await settled(caravanId, 3);
    reached = alerts.find((alert) => alert.id === reached!.id);
    expect(reached!.withdrawn).toBe(true);
    expect(alerts.find((alert) => alert.event === 'withdrawn')).toMatchObject({ refersTo: reached!.id, kind: 'day_km' });
    await deliveredOnce(hooked, alerts);
  });

  it('headcount_change_pct: once per count that differs from the previous one by more than pct; late counts are history', async () => {
    const hooked = await caravanWith([{ id: 'split', kind: 'headcount_change_pct', pct: 30 }]);
    const { caravanId } = hooked;
    const t0 = Date.UTC(2024, 0, 5, 15);
    const counts = [
      at('a', -92.3, 15.0, t0, { headcount: 1000 }),
      at('b', -92.31, 15.01, t0 + HOUR_MS, { headcount: 950 }),
      at('no-count', -92.32, 15.02, t0 + 2 * HOUR_MS),
      at('c', -92.33, 15.03, t0 + 3 * HOUR_MS, { headcount: 500 }),
      at('d', -92.34, 15.04, t0 + 4 * HOUR_MS, { headcount: 520 }),
    ];
    for (const fix of counts) await post(caravanId, fix);
    const [fell] = await settled(caravanId, 1);
    expect(fell).toMatchObject({
      kind: 'headcount_change_pct',
      event: 'triggered',
      reportId: 'c',
      claim: 'split|c',
      figures: { headcount: 500, previousHeadcount: 950, changePct: -47.4, thresholdPct: 30, previousReportId: 'b' },
    });
    expect(fell!.text).toContain('headcount fell from 950 to 500 (−47.4%; rule: more than 30%)');

    // A late count fixed between c and d, far from both, and c sent again: no news.
    await post(caravanId, at('late', -92.335, 15.035, t0 + 3.5 * HOUR_MS, { headcount: 2000 }));
    await post(caravanId, counts[3]);
    // A rise, judged against the count before it.
    await post(caravanId, at('e', -92.35, 15.05, t0 + 5 * HOUR_MS, { headcount: 1200 }));
    let alerts = await settled(caravanId, 2);
    expect(alerts[0]).toMatchObject({ reportId: 'e', figures: { changePct: 130.8, previousHeadcount: 520 } });
    expect(alerts[0]!.text).toContain('headcount rose from 520 to 1200 (+130.8%');

    // The count it stood on hidden: withdrawn, with a follow-up.
    await hide(caravanId, 'c');
    alerts = await settled(caravanId, 3);
    expect(alerts.find((alert) => alert.id === fell!.id)!.withdrawn).toBe(true);
    expect(alerts[0]).toMatchObject({ event: 'withdrawn', refersTo: fell!.id, kind: 'headcount_change_pct' });
    await deliveredOnce(hooked, alerts);
  });

  it('off_route_km: once per leaving, "back on route" when it returns, again on a new leaving, withdrawn when its fix is hidden', async () => {
    const route: Caravan['route'] = {
      type: 'LineString',
      coordinates: [
        [-92.2633, 14.9056],
        [-92.2633, 16.5],
      ],
    };
    const hooked = await caravanWith([{ id: 'route10', kind: 'off_route_km', km: 10 }], { route });
    const { caravanId } = hooked;
    const t0 = Date.UTC(2024, 0, 7, 14);
    const fixAt = (id: string, offKm: number, hours: number) =>
      at(id, -92.2633 - offKm / 107.5, 15.0 + hours * 0.02, t0 + hours * HOUR_MS);
    const offBy = (fix: ReportInput) => round1(distanceToRouteKm(route, [fix.lng, fix.lat]));
    await post(caravanId, fixAt('on', 0.2, 0));
    const left = fixAt('left', 15, 2);
    await post(caravanId, left);
    await post(caravanId, fixAt('still-off', 14, 4));
    // 9 km: within the 10 km, but not back (80 %: fixes wobbling at the threshold do not flap).
    await post(caravanId, fixAt('wobble', 9, 5));
    const [leaving] = await settled(caravanId, 1);
    expect(leaving).toMatchObject({
      kind: 'off_route_km',
      event: 'triggered',
      reportId: 'left',
      figures: { routeDistanceKm: offBy(left), thresholdKm: 10 },
    });
    expect(leaving!.text).toContain(`left its planned route: ${offBy(left)} km from it (rule: more than 10 km)`);

    await post(caravanId, fixAt('back', 1, 7));
    let alerts = await settled(caravanId, 2);
    expect(alerts[0]).toMatchObject({ event: 'resumed', refersTo: leaving!.id, reportId: 'back', kind: 'off_route_km' });
    expect(alerts[0]!.text).toContain('is back on its planned route');
    // A late fix from the time it was off, and the leaving fix sent again: history, no news.
    await post(caravanId, fixAt('late-off', 16, 3));
    await post(caravanId, left);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await alertsOf(caravanId)).toHaveLength(2);

    // Leaving again is news again; its fix hidden, the newest left is on the route: withdrawn.
    await post(caravanId, fixAt('left-again', 20, 9));
    alerts = await settled(caravanId, 3);
    const again = alerts[0]!;
    expect(again).toMatchObject({ event: 'triggered', reportId: 'left-again' });
    await hide(caravanId, 'left-again');
    alerts = await settled(caravanId, 4);
    expect(alerts.find((alert) => alert.id === again.id)!.withdrawn).toBe(true);
    expect(alerts[0]).toMatchObject({ event: 'withdrawn', refersTo: again.id });
    await deliveredOnce(hooked, alerts);

    // Without a planned route the rule has nothing to judge by.
    const { caravanId: noRoute, hookId } = await caravanWith([{ id: 'route10', kind: 'off_route_km', km: 10 }]);
    await post(noRoute, fixAt('far', 300, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await alertsOf(noRoute)).toEqual([]);
    await setup.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hookId}`, headers: adminHeaders });
  });

  it('stopped_hours: once per stop within 1 km, "moving again" when it leaves; moved, then withdrawn, as its fixes are hidden', async () => {
    const hooked = await caravanWith([{ id: 'stop3', kind: 'stopped_hours', hours: 3 }]);
    const { caravanId } = hooked;
    const t0 = Date.UTC(2024, 0, 9, 14);
    // Two hours walking, then a camp: fixes wobbling within 300 m for five hours, then on the road.
    const camp = (id: string, hours: number, wobble: number) => at(id, -92.3 + wobble * 0.002, 15.0, t0 + hours * HOUR_MS);
    await post(caravanId, {
      reports: [
        at('road-1', -92.34, 14.94, t0),
        at('road-2', -92.32, 14.97, t0 + HOUR_MS),
        camp('camp-0', 2, 0),
        camp('camp-1', 3, 1),
        camp('camp-2', 4, -1),
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await alertsOf(caravanId)).toEqual([]);
    await post(caravanId, camp('camp-3', 5, 1));
    const [stop] = await settled(caravanId, 1);
    expect(stop).toMatchObject({
      kind: 'stopped_hours',
      event: 'triggered',
      reportId: 'camp-3',
      figures: { stoppedHours: 3, thresholdHours: 3, radiusKm: 1, stoppedSince: iso(t0 + 2 * HOUR_MS) },
    });
    expect(stop!.text).toContain('has not moved more than 1 km for 3 h (rule: 3 h)');
    // Still there, and a late fix of the camp: the same stop.
    await post(caravanId, camp('camp-4', 6, 0));
    await post(caravanId, camp('camp-late', 4.5, 0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await alertsOf(caravanId)).toHaveLength(1);

    // The fix it stood on hidden: the camp still is a stop of 4 h on the newest fix, so it moves there.
    await hide(caravanId, 'camp-3');
    await expect.poll(async () => (await alertsOf(caravanId))[0]!.reportId).toBe('camp-4');
    expect((await alertsOf(caravanId))[0]!.figures.stoppedHours).toBe(4);

    await post(caravanId, at('road-3', -92.26, 15.02, t0 + 8 * HOUR_MS));
    let alerts = await settled(caravanId, 2);
    expect(alerts[0]).toMatchObject({
      event: 'resumed',
      refersTo: stop!.id,
      reportId: 'road-3',
      figures: { stoppedHours: 6, thresholdHours: 3 },
    });
    expect(alerts[0]!.text).toMatch(/is moving again after 6 h stopped: 4\.\d km from where it stopped/);

    // A second camp, withdrawn when the fixes that made it a stop are hidden.
    await post(caravanId, {
      reports: [0, 1, 2, 3].map((hours) => at(`camp2-${hours}`, -92.2, 15.1, t0 + (10 + hours) * HOUR_MS)),
    });
    alerts = await settled(caravanId, 3);
    const second = alerts[0]!;
    expect(second).toMatchObject({ event: 'triggered', reportId: 'camp2-3' });
    await hide(caravanId, 'camp2-0');
    await hide(caravanId, 'camp2-3');
    alerts = await settled(caravanId, 4);
    expect(alerts[0]).toMatchObject({ event: 'withdrawn', refersTo: second.id, kind: 'stopped_hours' });
    await deliveredOnce(hooked, alerts);
  });
});
