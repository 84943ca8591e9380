import type { Alert, Report, WebhookCreated } from '@rumbo/shared';
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
  /** Replaces the caravan's rules; fails the test if they are refused. */
  const setRules = async (caravanId: string, rules: object[]) => {
    const answer = await app().inject({
      method: 'PUT',
      url: `/api/v1/caravans/${caravanId}/alert-rules`,
      headers: adminHeaders,
      payload: { rules },
    });
    expect(answer.statusCode).toBe(200);
  };
  /** Adds a webhook to `url` for the caravans given; the answer, with its secret. */
  const addHook = async (url: string, caravans: string[]) => {
    const answer = await app().inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: adminHeaders,
      payload: { url, caravans },
    });
    expect(answer.statusCode).toBe(201);
    return answer.json<WebhookCreated>();
  };
  return { alertsOf, reportsOf, hide, setRules, addHook };
}
