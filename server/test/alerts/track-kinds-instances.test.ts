import type { Alert, Caravan, ReportInput } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { RedisStore } from '../../src/store/redis-store';
import { buildTestApp, closeStore, createCaravan, HOUR_MS, iso, postReports, TEST_REDIS_URL } from '../helper';
import { alertApi } from './alert-api';

/** 2024-01-02 16:00 in central Mexico. */
const EVENING_MS = Date.UTC(2024, 0, 2, 22);
const ROUTE: Caravan['route'] = {
  type: 'LineString',
  coordinates: [
    [-92.2633, 14.9056],
    [-92.2633, 17],
  ],
};
const fix = (id: string, lng: number, lat: number, hours: number, extra: Partial<ReportInput> = {}): ReportInput => ({
  id,
  lng,
  lat,
  recordedAt: iso(EVENING_MS + hours * HOUR_MS),
  accuracyM: 10,
  ...extra,
});
/** Along the route, 2.2 km an hour: 15 km in the evening, the headcount falling from 1,000 to 400 on the way. */
const ALONG = Array.from({ length: 8 }, (_, hour) =>
  fix(`along-${hour}`, -92.2633, 15 + hour * 0.02, hour, hour === 0 ? { headcount: 1000 } : hour === 3 ? { headcount: 400 } : {}),
);
/** Then 15 km off the route, and a camp there for four hours. */
const CAMP = Array.from({ length: 5 }, (_, step) => fix(`camp-${step}`, -92.4033 + step * 0.001, 15.16, 9 + step));

describe('the track-judged alert kinds on two instances sharing one Redis, and across a restart', () => {
  const stores: RedisStore[] = [];
  const apps: App[] = [];
  const start = async () => {
    const store = new RedisStore(TEST_REDIS_URL);
    stores.push(store);
    const app = await buildTestApp({ store });
    apps.push(app);
    return app;
  };
  beforeAll(async () => {
    await start();
    await start();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await closeStore(store);
  });
  const { alertsOf, setRules } = alertApi(() => apps[0]!);
  async function settled(caravanId: string, count: number): Promise<Alert[]> {
    await expect.poll(async () => (await alertsOf(caravanId)).length, { timeout: 5_000 }).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const alerts = await alertsOf(caravanId);
    expect(alerts).toHaveLength(count);
    return alerts;
  }

  it('fires each once when both instances take the same fixes at once, and a restarted instance keeps what is open', async () => {
    const [first, second] = apps as [App, App];
    const caravanId = await createCaravan(first, { route: ROUTE });
    await setRules(caravanId, [
      { id: 'day10', kind: 'day_km', km: 10 },
      { id: 'split', kind: 'headcount_change_pct', pct: 30 },
      { id: 'route10', kind: 'off_route_km', km: 10 },
      { id: 'stop3', kind: 'stopped_hours', hours: 3 },
    ]);
    // The same fixes to both instances at the same moment, one by one: each is stored once, and
    // each instance judges the ones it stored.
    await Promise.all(
      [first, second].map(async (app) => {
        for (const report of [...ALONG, ...CAMP])
          expect((await postReports(app, caravanId, report)).statusCode).toBeLessThan(300);
      }),
    );
    let alerts = await settled(caravanId, 4);
    const byRule = new Map(alerts.map((alert) => [alert.ruleId, alert]));
    expect(byRule.get('day10')).toMatchObject({ event: 'triggered', figures: { day: '2024-01-02', thresholdKm: 10 } });
    expect(byRule.get('split')).toMatchObject({ reportId: 'along-3', figures: { headcount: 400, previousHeadcount: 1000 } });
    // Episodes are judged on fixes that are the newest when they are judged: with two instances
    // storing at once, that may be a later fix of the camp than the first one off the route.
    expect(byRule.get('route10')).toMatchObject({ reportId: expect.stringMatching(/^camp-/), event: 'triggered' });
    expect(byRule.get('stop3')).toMatchObject({
      reportId: expect.stringMatching(/^camp-[34]$/),
      figures: { stoppedSince: CAMP[0]!.recordedAt, thresholdHours: 3 },
    });

    // A restart: the second instance goes, a new one comes on the same Redis.
    await second.close();
    const restarted = await start();
    for (const report of [...ALONG, ...CAMP]) await postReports(restarted, caravanId, report);
    await postReports(restarted, caravanId, fix('late-evening', -92.2633, 15.05, 2.5));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await alertsOf(caravanId)).toHaveLength(4);

    // What was open is still open there: back on the route (7 km from it) and on the move, each
    // said once (and not yet 10 km on 3 January).
    await postReports(restarted, caravanId, fix('back', -92.33, 15.16, 15));
    alerts = await settled(caravanId, 6);
    const resumed = alerts.filter((alert) => alert.event === 'resumed');
    expect(resumed.map((alert) => [alert.ruleId, alert.refersTo]).sort()).toEqual([
      ['route10', byRule.get('route10')!.id],
      ['stop3', byRule.get('stop3')!.id],
    ]);
  });
});
