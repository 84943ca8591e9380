import type { CaravanSummary, IngestResult, Report } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, iso, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';

describe.each(stores)('places on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  it('names where each fix is, and the summary says where the latest is', async () => {
    const caravanId = await createCaravan(setup.app);
    const now = Date.now();
    const answer = await postReports(setup.app, caravanId, {
      reports: [
        { id: 'huixtla', lng: -92.4668, lat: 15.1401, recordedAt: iso(now - 3_600_000) },
        { id: 'between', lng: -93.27, lat: 15.74, recordedAt: iso(now - 60_000) },
      ],
    });
    expect(answer.statusCode).toBe(201);
    const [first, second] = answer.json<IngestResult>().accepted.map((accepted) => accepted.report);
    expect(first!.metrics.place).toMatchObject({ name: 'Huixtla', state: 'Chiapas', country: 'MX', within: true });
    expect(first!.metrics.place!.distanceKm).toBeLessThan(1);
    expect(second!.metrics.place).toMatchObject({ name: 'Pijijiapan', state: 'Chiapas', within: false });

    const summary = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();
    expect(summary.latest?.metrics.place).toEqual(second!.metrics.place);
    const listed = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: adminHeaders })
    ).json<{ reports: Report[] }>().reports;
    expect(listed.map((report) => report.metrics.place?.name)).toEqual(['Huixtla', 'Pijijiapan']);
  });

  it('names a report stored before places were named when it is the latest', async () => {
    const caravanId = await createCaravan(setup.app);
    const answer = await postReports(setup.app, caravanId, { lng: -93.9, lat: 16.236, recordedAt: iso(Date.now()) });
    const report = answer.json<IngestResult>().accepted[0]!.report!;
    const { place: _place, ...withoutPlace } = report.metrics;
    // What an earlier version stored: the same report without a place.
    await setup.store.insertReport({ ...report, id: 'old-one', recordedAt: iso(Date.now() + 1_000), metrics: withoutPlace });
    const summary = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();
    expect(summary.latest?.id).toBe('old-one');
    expect(summary.latest?.metrics.place).toMatchObject({ name: 'Arriaga', state: 'Chiapas' });
  });
});
