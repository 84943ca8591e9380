import type { AccountCreated, CaravanSummary, Report } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { adminHeaders, connectNewsroom, createCaravan, nextEvent, postReports, stores, walk, ADMIN_TOKEN } from '../helper';
import { useTestApp } from '../use-test-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(stores)('moderation on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true });

  const hide = (caravanId: string, reportId: string, hidden: boolean, headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({ method: 'PATCH', url: `/api/v1/caravans/${caravanId}/reports/${reportId}`, headers, payload: { hidden } });
  const summaryOf = async (caravanId: string) =>
    (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();

  it('hides the latest report from latest and the track, tells two dashboards, and restores it', async () => {
    const caravanId = await createCaravan(setup.app);
    const reports = walk(5, Date.UTC(2024, 0, 3, 13));
    await postReports(setup.app, caravanId, { reports });
    const before = await summaryOf(caravanId);
    const sockets = await Promise.all([connectNewsroom(setup.baseUrl, ADMIN_TOKEN), connectNewsroom(setup.baseUrl, ADMIN_TOKEN)]);
    for (const socket of sockets) await socket.emitWithAck('caravan:join', { caravanId });
    const updates = sockets.map((socket) => nextEvent(socket, 'report:update'));
    const summaries = sockets.map((socket) => nextEvent(socket, 'caravan:update'));

    const hidden = await hide(caravanId, reports.at(-1)!.id!, true);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json<Report>()).toMatchObject({ id: reports.at(-1)!.id, hidden: true });
    for (const update of await Promise.all(updates))
      expect(update.report).toMatchObject({ id: reports.at(-1)!.id, hidden: true });
    for (const { summary } of await Promise.all(summaries)) expect(summary.latest!.id).toBe(reports.at(-2)!.id);
    const during = await summaryOf(caravanId);
    expect(during.reportCount).toBe(5);
    expect(during.metrics.traveledKm).toBeLessThan(before.metrics.traveledKm);

    expect((await hide(caravanId, reports.at(-1)!.id!, false)).statusCode).toBe(200);
    const after = await summaryOf(caravanId);
    expect(after.latest!.id).toBe(reports.at(-1)!.id);
    expect(after.metrics.traveledKm).toBeCloseTo(before.metrics.traveledKm, 6);
    for (const socket of sockets) socket.close();
  });

  it('lets editors moderate, not viewers or reporters, and answers 404 for unknown reports', async () => {
    const caravanId = await createCaravan(setup.app);
    await postReports(setup.app, caravanId, { id: 'one', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    const staff = async (role: string) =>
      (
        await setup.app.inject({ method: 'POST', url: '/api/v1/staff', headers: adminHeaders, payload: { name: role, role } })
      ).json<AccountCreated>();
    const editor = await staff('editor');
    const viewer = await staff('viewer');
    const reporter = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/reporters',
        headers: adminHeaders,
        payload: { name: 'R', caravans: [caravanId] },
      })
    ).json<AccountCreated>();
    expect((await hide(caravanId, 'one', true, bearer(editor.token))).statusCode).toBe(200);
    expect((await hide(caravanId, 'one', false, bearer(viewer.token))).statusCode).toBe(403);
    expect((await hide(caravanId, 'one', false, bearer(reporter.token))).statusCode).toBe(403);
    expect((await hide(caravanId, 'nope', true)).statusCode).toBe(404);
    expect((await hide('no-such-caravan', 'one', true)).statusCode).toBe(404);
    const bad = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/one`,
      headers: adminHeaders,
      payload: { hidden: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('hidden');
    const extra = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/one`,
      headers: adminHeaders,
      payload: { hidden: false, note: 'x' },
    });
    expect(extra.statusCode).toBe(400);
    const listed = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: adminHeaders });
    expect(listed.json<{ reports: Report[] }>().reports).toMatchObject([{ id: 'one', hidden: true }]);
  });
});
