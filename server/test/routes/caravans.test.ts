import { DEFAULT_ORIGIN, DEFAULT_PUBLIC, type Caravan, type CaravanSummary, type IngestResult } from '@rumbo/shared';
import { geodesicDistanceKm, legKm } from '@rumbo/shared/geo';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, HOUR_MS, adminHeaders, createCaravan, iso, newCaravanId, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const TAPACHULA = { lng: DEFAULT_ORIGIN.lng, lat: DEFAULT_ORIGIN.lat };
/** Tapachula's distance to the border (Natural Earth 10m line, WGS84). */
const TAPACHULA_TO_BORDER_KM = 1322.5;

describe.each(stores)('caravan routes on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  const create = (payload: unknown, headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({ method: 'POST', url: '/api/v1/caravans', headers, payload: payload as Record<string, unknown> });
  const summaryOf = (caravanId: string) =>
    setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders });
  const listSummaries = async () => {
    const response = await setup.app.inject({ method: 'GET', url: '/api/v1/caravans', headers: adminHeaders });
    return response.json<{ caravans: CaravanSummary[] }>().caravans;
  };

  describe('POST /api/v1/caravans', () => {
    it('creates a caravan with the defaults applied and answers 201 with it', async () => {
      const id = newCaravanId();
      const response = await create({ id, name: 'Caravana de Año Nuevo' });

      expect(response.statusCode).toBe(201);
      const caravan = response.json<Caravan>();
      expect(caravan).toEqual({
        id,
        name: 'Caravana de Año Nuevo',
        status: 'active',
        origin: { name: 'Tapachula', lng: -92.2633, lat: 14.9056 },
        public: { delayMinutes: 30, precisionKm: 2, showNotes: false },
        createdAt: expect.any(String),
      });
      expect(Math.abs(Date.now() - Date.parse(caravan.createdAt))).toBeLessThan(60_000);
      expect((await summaryOf(id)).json<CaravanSummary>().caravan).toEqual(caravan);
    });

    it('keeps the given origin and route, and fills in only the public settings left out', async () => {
      const id = newCaravanId();
      const origin = { name: 'Huixtla', lng: -92.4655, lat: 15.1386 };
      const route = {
        type: 'LineString',
        coordinates: [
          [-92.4655, 15.1386],
          [-99.5161, 27.4769],
        ],
      };
      const response = await create({ id, name: 'Partial', origin, route, public: { delayMinutes: 90 } });

      expect(response.statusCode).toBe(201);
      expect(response.json<Caravan>()).toMatchObject({ origin, route, public: { ...DEFAULT_PUBLIC, delayMinutes: 90 } });
    });

    it('answers 409 for an id that exists and keeps the first caravan', async () => {
      const id = await createCaravan(setup.app, { name: 'The first' });
      const response = await create({ id, name: 'The second' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('conflict');
      expect((await summaryOf(id)).json<CaravanSummary>().caravan.name).toBe('The first');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown field', { name: 'x', colour: 'red' }, 'colour'],
      ['an unknown public setting', { name: 'x', public: { delayMinutes: 5, exact: true } }, 'public.exact'],
      ['a missing name', {}, 'name'],
      ['a public delay below zero', { name: 'x', public: { delayMinutes: -1 } }, 'public.delayMinutes'],
      ['an origin off the globe', { name: 'x', origin: { name: 'Nowhere', lng: 200, lat: 0 } }, 'origin.lng'],
    ])('answers 400 for %s, naming the field, and creates nothing', async (_label, body, field) => {
      const id = newCaravanId();
      const response = await create({ id, ...body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message.startsWith(`${field}: `)).toBe(true);
      expect((await summaryOf(id)).statusCode).toBe(404);
    });

    it.each([['Upper-Case'], ['with space'], ['x'.repeat(65)], ['']])('answers 400 for the id %j', async (id) => {
      const response = await create({ id, name: 'Bad id' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/^id: /);
    });

    it('answers 401 without the admin token and creates nothing', async () => {
      const id = newCaravanId();
      const anonymous = await create({ id, name: 'x' }, {});
      const wrong = await create({ id, name: 'x' }, { authorization: 'Bearer not-the-admin-token' });
      expect([anonymous.statusCode, wrong.statusCode]).toEqual([401, 401]);
      expect((await summaryOf(id)).statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/caravans', () => {
    it('lists caravans most recently active first: last fix time, else creation time', async () => {
      const now = Date.now();
      const quiet = await createCaravan(setup.app);
      const reportedAnHourAgo = await createCaravan(setup.app);
      const reportedThreeHoursAgo = await createCaravan(setup.app);
      await postReports(setup.app, reportedAnHourAgo, { ...TAPACHULA, recordedAt: iso(now - HOUR_MS) });
      await postReports(setup.app, reportedThreeHoursAgo, { ...TAPACHULA, recordedAt: iso(now - 3 * HOUR_MS) });
      const orderOfOurs = async (ours: string[]) =>
        (await listSummaries()).map((summary) => summary.caravan.id).filter((id) => ours.includes(id));
      const ours = [quiet, reportedAnHourAgo, reportedThreeHoursAgo];

      expect(await orderOfOurs(ours)).toEqual([quiet, reportedAnHourAgo, reportedThreeHoursAgo]);

      // A late report of an older fix changes nothing; a fresh fix moves its caravan to the top.
      await postReports(setup.app, reportedAnHourAgo, { ...TAPACHULA, recordedAt: iso(now - 5 * HOUR_MS) });
      await postReports(setup.app, reportedThreeHoursAgo, { ...TAPACHULA, lat: 15, recordedAt: iso(Date.now() + 1_000) });
      expect(await orderOfOurs(ours)).toEqual([reportedThreeHoursAgo, quiet, reportedAnHourAgo]);
    });

    it('sorts the whole list, summaries included', async () => {
      await createCaravan(setup.app);
      const summaries = await listSummaries();
      const activity = summaries.map((summary) => Date.parse(summary.metrics.lastReportAt ?? summary.caravan.createdAt));
      expect(activity).toEqual([...activity].sort((a, b) => b - a));
      expect(summaries.every((summary) => typeof summary.reportCount === 'number')).toBe(true);
    });

    it('answers 401 without a token', async () => {
      expect((await setup.app.inject({ method: 'GET', url: '/api/v1/caravans' })).statusCode).toBe(401);
      const wrong = await setup.app.inject({
        method: 'GET',
        url: '/api/v1/caravans',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}-` },
      });
      expect(wrong.statusCode).toBe(401);
    });
  });

  describe('GET /api/v1/caravans/:caravanId (summary)', () => {
    it('has empty metrics before the first report', async () => {
      const id = await createCaravan(setup.app);
      const summary = (await summaryOf(id)).json<CaravanSummary>();
      expect(summary.latest).toBeNull();
      expect(summary.reportCount).toBe(0);
      expect(summary.metrics).toEqual({
        distanceToBorderKm: null,
        nearestCrossing: null,
        traveledKm: 0,
        progressPct: null,
        speedKmPerDay: null,
        etaDays: null,
        routeRemainingKm: null,
        lastReportAt: null,
      });
    });

    it('measures the distance to the border from the latest fix (≈ 1322.5 km at Tapachula)', async () => {
      const id = await createCaravan(setup.app);
      const recordedAt = iso(Date.now() - 2 * HOUR_MS);
      const posted = await postReports(setup.app, id, { id: 'at-origin', ...TAPACHULA, recordedAt });
      const report = posted.json<IngestResult>().accepted[0]!.report!;

      const summary = (await summaryOf(id)).json<CaravanSummary>();
      expect(summary.latest).toEqual(report);
      expect(summary.reportCount).toBe(1);
      expect(summary.metrics.distanceToBorderKm).toBeCloseTo(TAPACHULA_TO_BORDER_KM, 1);
      expect(summary.metrics.nearestCrossing).toEqual(report.metrics.nearestCrossing);
      expect(summary.metrics).toMatchObject({ traveledKm: 0, progressPct: 0, lastReportAt: recordedAt, speedKmPerDay: null });
    });

    it('computes pace, ETA and distance traveled once the track spans a day', async () => {
      const id = await createCaravan(setup.app);
      const startMs = Date.now() - 30 * HOUR_MS;
      const start = { id: 'day-0', ...TAPACHULA, recordedAt: iso(startMs) };
      const nextDay = { id: 'day-1', lng: -92.6, lat: 15.35, recordedAt: iso(startMs + 24 * HOUR_MS) };
      await postReports(setup.app, id, { reports: [nextDay, start] });

      const summary = (await summaryOf(id)).json<CaravanSummary>();
      const dayKm = geodesicDistanceKm([start.lng, start.lat], [nextDay.lng, nextDay.lat]);
      const closedKm = TAPACHULA_TO_BORDER_KM - summary.metrics.distanceToBorderKm!;
      expect(summary.latest!.id).toBe('day-1');
      expect(summary.metrics.traveledKm).toBeCloseTo(legKm(start, nextDay), 3);
      expect(summary.metrics.speedKmPerDay).toBeCloseTo(dayKm, 1);
      expect(closedKm).toBeGreaterThan(10);
      expect(summary.metrics.etaDays).toBeCloseTo(summary.metrics.distanceToBorderKm! / closedKm, 0);
      expect(summary.metrics.progressPct).toBeCloseTo((closedKm / TAPACHULA_TO_BORDER_KM) * 100, 1);
    });

    it('answers 404 for an unknown caravan, 400 for a bad id, 401 without a token', async () => {
      expect((await summaryOf(newCaravanId())).statusCode).toBe(404);
      expect((await summaryOf('BAD')).statusCode).toBe(400);
      const id = await createCaravan(setup.app);
      expect((await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${id}` })).statusCode).toBe(401);
    });
  });
});
