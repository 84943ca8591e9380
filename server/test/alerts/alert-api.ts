import type { Alert, Report } from '@rumbo/shared';
import { expect } from 'vitest';
import type { App } from '../../src/app';
import { adminHeaders } from '../helper';

/** The API calls the alert tests make, as the admin, against one app (or whichever `app()` answers). */
export function alertApi(app: () => App) {
  /** The caravan's alert feed, newest first. */
  const alertsOf = async (caravanId: string) =>
    (await app().inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/alerts`, headers: adminHeaders })).json<{
      alerts: Alert[];
    }>().alerts;
  /** The caravan's stored reports by id. */
  const reportsOf = async (caravanId: string) =>
    new Map(
      (await app().inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: adminHeaders }))
        .json<{ reports: Report[] }>()
        .reports.map((report) => [report.id, report]),
    );
  /** Hides a report, as an editor would; fails the test if it is refused. */
  const hide = async (caravanId: string, reportId: string) => {
    const answer = await app().inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${reportId}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    expect(answer.statusCode).toBe(200);
  };
  return { alertsOf, reportsOf, hide };
}
