import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  demoReportsEndingNow,
  postReports,
  startDashboardServer,
  uniqueId,
} from './dashboard-helpers';
import { ADMIN_TOKEN } from './server';
import { useServerAndBrowser } from './suite';

const WAIT = { timeout: 120_000 };

const suite = useServerAndBrowser(startDashboardServer);

/** Before any page script: every CSP violation the page meets is kept in `window.cspViolations`. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/**
 * What an attacker would try once text of theirs reached the page as markup: an inline script
 * and an inline event handler. Under `script-src 'self'` neither runs, and both are reported.
 */
async function injectionRuns(page: Page): Promise<boolean> {
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onerror="window.injected = true">';
    document.body.append(holder);
  });
  // Either the injection ran (no policy) or both attempts were refused and reported.
  await page.waitForFunction(
    () => {
      const state = window as unknown as { cspViolations: string[]; injected?: boolean };
      return state.injected === true || state.cspViolations.length >= 2;
    },
    null,
    { timeout: 10_000 },
  );
  return page.evaluate(() => (window as unknown as { injected?: boolean }).injected === true);
}

describe('the pages under their Content-Security-Policy', () => {
  it(
    'the dashboard draws its map and goes live with no violation, and runs no injected script',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana con CSP', 'csp');
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30));
      const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await recordViolations(page);
      await page.addInitScript((token) => localStorage.setItem('rumbo.staffToken', token), ADMIN_TOKEN);
      await page.goto(`${suite.baseUrl}/?caravan=${caravanId}`);
      await page.waitForSelector('[data-field="connection"][data-state="live"]', WAIT);
      await page.waitForSelector('#map[data-map-state="idle"]', WAIT);
      expect(await violations(page)).toEqual([]);
      expect(await injectionRuns(page)).toBe(false);
      expect(await violations(page)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^script-src-elem /), expect.stringMatching(/^script-src-attr /)]),
      );
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the reporter page signs in and registers its service worker with no violation',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana del reportero', 'csp-report');
      const created = await call<{ token: string }>(suite.baseUrl, 'POST', '/api/v1/reporters', {
        name: 'Eva (Tonalá)',
        caravans: [caravanId],
      });
      expect(created.status).toBe(201);
      const page = await suite.browser.newPage();
      await recordViolations(page);
      await page.goto(`${suite.baseUrl}/report#token=${created.json.token}`);
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
      await page.evaluate(() => navigator.serviceWorker.ready);
      expect(await violations(page)).toEqual([]);
      expect(await injectionRuns(page)).toBe(false);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the embed draws its map, goes dark before its module runs, and shows a hostile note as text with no violation',
    async () => {
      const caravanId = uniqueId('csp-embed');
      const created = await call(suite.baseUrl, 'POST', '/api/v1/caravans', {
        id: caravanId,
        name: 'Caravana pública',
        public: { delayMinutes: 1, showNotes: true },
      });
      expect(created.status).toBe(201);
      const hostile = '<script>window.injected = true</script><img src=x onerror="window.injected = true"> Agua';
      const reports = demoReportsEndingNow(10, 120);
      await postReports(suite.baseUrl, caravanId, [...reports.slice(0, -1), { ...reports.at(-1)!, note: hostile }]);
      const page = await suite.browser.newPage();
      await recordViolations(page);
      await page.goto(`${suite.baseUrl}/embed/${caravanId}?theme=dark`);
      await page.waitForSelector('#map[data-map-state="idle"]', WAIT);
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      expect(await page.textContent('[data-field="note-list"]')).toContain(hostile);
      expect(await violations(page)).toEqual([]);
      expect(await injectionRuns(page)).toBe(false);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
