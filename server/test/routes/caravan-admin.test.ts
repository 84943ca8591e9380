import type { Caravan, CaravanSummary } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminHeaders, connectNewsroom, createCaravan, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const ROUTE = {
  type: 'LineString',
  coordinates: [
    [-92.2633, 14.9056],
    [-93.752, 16.089],
    [-96.7266, 17.0732],
  ],
};

describe.each(stores)('caravan settings and accounts on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true });

  const patch = (caravanId: string, payload: unknown, headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}`,
      headers,
      payload: payload as Record<string, unknown>,
    });

  it('merges public settings, sets and removes the route, and pushes the new summary', async () => {
    const caravanId = await createCaravan(setup.app);
    await postReports(setup.app, caravanId, { id: 'o', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    const socket = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
    await socket.emitWithAck('caravan:join', { caravanId });
    // The report's own push may still be on its way (pushes are coalesced per caravan): wait
    // for the one that carries the change.
    const summaries: CaravanSummary[] = [];
    socket.on('caravan:update', ({ summary }) => void summaries.push(summary));

    const withRoute = await patch(caravanId, { name: 'Caravana de Año Nuevo', route: ROUTE, public: { delayMinutes: 60 } });
    expect(withRoute.statusCode).toBe(200);
    expect(withRoute.json<Caravan>()).toMatchObject({
      name: 'Caravana de Año Nuevo',
      route: ROUTE,
      public: { delayMinutes: 60, precisionKm: 2, showNotes: false },
    });
    await expect
      .poll(() => summaries.find((summary) => summary.caravan.name === 'Caravana de Año Nuevo')?.metrics.routeRemainingKm, {
        timeout: 5_000,
      })
      .toBeGreaterThan(500);

    const withoutRoute = await patch(caravanId, { route: null, status: 'archived' });
    expect(withoutRoute.json<Caravan>().route).toBeUndefined();
    const read = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();
    expect(read.caravan).toMatchObject({ status: 'archived', public: { delayMinutes: 60 } });
    expect(read.metrics.routeRemainingKm).toBeNull();
    socket.close();
  });

  it('summarizes a report posted right after a change with the caravan as changed', async () => {
    const caravanId = await createCaravan(setup.app);
    const fix = { lng: -92.2633, lat: 14.9056 };
    await postReports(setup.app, caravanId, { ...fix, id: 'before', recordedAt: '2024-01-01T13:00:00Z' });
    const socket = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
    await socket.emitWithAck('caravan:join', { caravanId });
    const summaries: CaravanSummary[] = [];
    socket.on('caravan:update', ({ summary }) => void summaries.push(summary));

    expect((await patch(caravanId, { name: 'Renombrada', route: ROUTE })).statusCode).toBe(200);
    await postReports(setup.app, caravanId, { ...fix, id: 'after', recordedAt: '2024-01-01T13:10:00Z' });
    await expect
      .poll(() => summaries.find((summary) => summary.latest?.id === 'after')?.caravan, { timeout: 5_000 })
      .toMatchObject({
        name: 'Renombrada',
        route: ROUTE,
      });
    socket.close();
  });

  it('refuses bad settings naming the field, empty patches, non-admins, and unknown caravans', async () => {
    const caravanId = await createCaravan(setup.app);
    const tooCoarse = await patch(caravanId, { public: { precisionKm: 1000 } });
    expect(tooCoarse.statusCode).toBe(400);
    expect(tooCoarse.json().error.message).toContain('public.precisionKm');
    expect((await patch(caravanId, {})).statusCode).toBe(400);
    expect((await patch(caravanId, { id: 'other' })).statusCode).toBe(400);
    expect((await patch(caravanId, { route: { type: 'LineString', coordinates: [[0, 0]] } })).statusCode).toBe(400);
    expect((await patch(caravanId, { name: 'x' }, { authorization: 'Bearer nope-nope-nope' })).statusCode).toBe(401);
    expect((await patch('no-such-caravan', { name: 'x' })).statusCode).toBe(404);
  });

  it('tells who a token belongs to, and staff the names behind reporter ids', async () => {
    const caravanId = await createCaravan(setup.app);
    const me = await setup.app.inject({ method: 'GET', url: '/api/v1/me', headers: adminHeaders });
    expect(me.json()).toEqual({ id: 'admin', name: 'Administrator', role: 'admin' });
    const reporter = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/reporters',
        headers: adminHeaders,
        payload: { name: 'Rosa', caravans: [caravanId] },
      })
    ).json<{ id: string; token: string }>();
    const asReporter = await setup.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${reporter.token}` },
    });
    // The caravan's name too: the reporter page shows names, never ids.
    expect(asReporter.json()).toEqual({
      id: reporter.id,
      name: 'Rosa',
      role: 'reporter',
      caravans: [caravanId],
      caravanNames: { [caravanId]: (await setup.app.store.getCaravan(caravanId))!.name },
    });
    const names = await setup.app.inject({ method: 'GET', url: '/api/v1/reporter-names', headers: adminHeaders });
    expect(names.json().names).toMatchObject({ [reporter.id]: 'Rosa', demo: 'Demo simulator' });
    const refused = await setup.app.inject({
      method: 'GET',
      url: '/api/v1/reporter-names',
      headers: { authorization: `Bearer ${reporter.token}` },
    });
    expect(refused.statusCode).toBe(403);
    expect((await setup.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
