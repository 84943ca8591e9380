import { describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  demoReportsEndingNow,
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

    // Its link selects the fix in place: no reload, the row marked, the popup open, the address naming it.
    await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
    await row.$eval('a', (link) => (link as HTMLElement).click());
    await page.waitForSelector('[data-field="report-list"] > li[data-report-id="juarez"][aria-current="true"]');
    await page.waitForSelector('.maplibregl-popup .report-popup[data-report-id="juarez"]');
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(new URL(page.url()).searchParams.get('report')).toBe('juarez');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens at the fix ?report= names: selected in the list, scrolled to, and on the map', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana enlazada');
    const stored = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(80));
    // An early fix: far down the list, newest first.
    const target = stored[5]!;
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}&report=${target.id}`);
    const row = await page.waitForSelector(`[data-field="report-list"] > li[data-report-id="${target.id}"][aria-current="true"]`);
    await page.waitForSelector(`.maplibregl-popup .report-popup[data-report-id="${target.id}"]`);
    expect(await page.$$('[data-field="report-list"] > li[aria-current="true"]')).toHaveLength(1);
    // Scrolled into the panel's view.
    const inView = await row.evaluate((item) => {
      const box = item.getBoundingClientRect();
      const panel = document.getElementById('panel')!.getBoundingClientRect();
      return box.top >= panel.top && box.bottom <= panel.bottom;
    });
    expect(inView).toBe(true);
    // The popup's close deselects, and the address no longer names the fix.
    await page.click('.maplibregl-popup-close-button');
    await page.waitForSelector('[data-field="report-list"] > li[aria-current="true"]', { state: 'detached' });
    expect(new URL(page.url()).searchParams.get('report')).toBeNull();
    expect(new URL(page.url()).searchParams.get('caravan')).toBe(caravanId);
    expect(errors).toEqual([]);
    await page.close();
  });
});
