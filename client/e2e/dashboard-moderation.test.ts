import { snapToGrid } from '../../server/src/public/snap-to-grid';
import { describe, expect, it } from 'vitest';
import {
  call,
  createCaravan,
  createStaff,
  demoReportsEndingNow,
  listedIds,
  listTotal,
  openDashboard,
  postReports,
  BROWSER_TEST_TIMEOUT_MS,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

const row = (id: string) => `[data-field="report-list"] > li[data-report-id="${id}"]`;

describe('moderation from the reports list', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('an editor hides a report: a second dashboard (a viewer, without buttons) drops it from its list, count and track', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana moderada');
    const reports = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30));
    const target = reports[20]!;
    const editor = await createStaff(suite.baseUrl, 'editor');
    const viewer = await createStaff(suite.baseUrl, 'viewer');
    const a = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, editor.token);
    const b = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, viewer.token);
    for (const { page } of [a, b]) {
      await listTotal(page, 30);
      await page.waitForSelector('[data-field="chart"][data-track-points="30"]');
    }
    expect(await b.page.$$('.report__moderate')).toHaveLength(0);
    expect(await b.page.$('[data-action="open-admin"]')).toBeNull();
    expect(await a.page.$$('.report__moderate')).toHaveLength(30);

    await a.page.click(`${row(target.id)} [data-action="hide"]`);
    for (const { page } of [a, b]) {
      await listTotal(page, 29);
      await page.waitForSelector(row(target.id), { state: 'detached' });
      await page.waitForSelector('[data-field="chart"][data-track-points="29"]');
      expect(await page.textContent('[data-field="report-breakdown"]')).toBe('1 hidden');
    }
    expect(await listedIds(b.page)).not.toContain(target.id);

    // Shown again with the hidden ones, then restored from there.
    await a.page.selectOption('[data-filter="visibility"]', 'hidden');
    await listTotal(a.page, 1);
    expect(await a.page.textContent(`${row(target.id)} .badge--hidden`)).toBe('hidden');
    await a.page.click(`${row(target.id)} [data-action="restore"]`);
    await listTotal(a.page, 0);
    await listTotal(b.page, 30);
    await b.page.waitForSelector(row(target.id));
    expect(await b.page.textContent('[data-field="report-breakdown"]')).toBe('');
    const stored = await call<{ reports: { id: string; hidden: boolean }[] }>(
      suite.baseUrl,
      'GET',
      `/api/v1/caravans/${caravanId}/reports`,
    );
    expect(stored.json.reports.find((report) => report.id === target.id)!.hidden).toBe(false);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('shows the API’s error when hiding fails, and keeps the report', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con error');
    const [report] = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(3));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 3);
    // The store goes away for a moment: the server would answer 503 with a message.
    await page.route('**/api/v1/caravans/*/reports/*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'the store is unreachable, try again' } }),
      }),
    );
    await page.click(`${row(report!.id)} [data-action="hide"]`);
    await expect
      .poll(() => page.textContent('[data-field="list-error"]'))
      .toBe('Could not hide the report: the store is unreachable, try again');
    expect(await page.isEnabled(`${row(report!.id)} [data-action="hide"]`)).toBe(true);
    await listTotal(page, 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a hidden report leaves the public API', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana pública');
    // Old enough to pass any public delay.
    const reports = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(10, 24 * 60));
    const publicView = async () => {
      const response = await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const publicLatest = (body: string) => {
      const { latest } = JSON.parse(body) as { latest: { lng: number; lat: number } | null };
      return latest && [latest.lng, latest.lat];
    };
    const latest = reports.at(-1)!;
    // Hours apart, the newest fix is alone in the newest public sample's window: it shows, in its cell.
    const latestCell = snapToGrid([latest.lng, latest.lat], 2);
    const before = await publicView();
    expect(publicLatest(before)).toEqual(latestCell);
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 10);
    await page.click(`${row(latest.id)} [data-action="hide"]`);
    await listTotal(page, 9);
    const after = await publicView();
    expect(after).not.toBe(before);
    expect(after).not.toContain(latest.id);
    expect(publicLatest(after)).not.toEqual(latestCell);
    expect(errors).toEqual([]);
    await page.close();
  });
});
