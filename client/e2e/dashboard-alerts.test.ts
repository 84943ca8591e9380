import { describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  openDashboard,
  postReports,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

describe('the alert feed', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows a milestone live, with a link to its fix, and no alert of another caravan', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con alertas');
    const other = await createCaravan(suite.baseUrl, 'Otra caravana');
    const rules = { rules: [{ id: 'b100', kind: 'border_within_km', km: 100 }] };
    for (const id of [caravanId, other])
      expect((await call(suite.baseUrl, 'PUT', `/api/v1/caravans/${id}/alert-rules`, rules)).status).toBe(200);
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.waitForSelector('[data-field="alerts-none"]:not([hidden])');

    const near = (id: string) => ({ id, lng: -106.45, lat: 31.7, recordedAt: new Date(Date.now() - 60_000).toISOString() });
    await postReports(suite.baseUrl, other, [near('elsewhere')]);
    await postReports(suite.baseUrl, caravanId, [near('juarez')]);

    const row = await page.waitForSelector('[data-field="alert-list"] > li[data-kind="border_within_km"]');
    expect(await row.textContent()).toContain('Caravana con alertas is 6.3 km from the US border (rule: within 100 km)');
    expect(await row.$eval('a', (link) => link.getAttribute('href'))).toBe(`/?caravan=${caravanId}&report=juarez`);
    expect(await page.$$('[data-field="alert-list"] > li')).toHaveLength(1);
    expect(await page.isHidden('[data-field="alerts-none"]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
