import { mkdirSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NORTH, reportPage, tapSend, TEST_TIMEOUT_MS, textOf, WAIT } from './report-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser();
const { admin, reporterFor, storedReports, phone, openWithLink, unique } = reportPage(suite);

/** Text without the isolation marks (FSI … PDI) that keep a typed name from reordering what is around it. */
const unisolated = (text: string) => text.replace(/[\u2068\u2069]/g, '');
const queuedCount = (page: Page) => page.locator('[data-list="queued"] li').count();

describe('reporter page', () => {
  it(
    'signs in from /report#token=…, takes the token out of the address bar, and shows who and where',
    async () => {
      const other = unique('other');
      expect((await admin('POST', '/api/v1/caravans', { id: other, name: 'Otra' })).status).toBe(201);
      const { caravanId, token } = await reporterFor('Ana (Huixtla)', [other]);
      const context = await phone();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));

      await openWithLink(page, token, '?lang=es');
      expect(await textOf(page, '[data-field="reporter-name"]')).toBe('Ana (Huixtla)');
      expect(page.url()).toBe(`${suite.baseUrl}/report?lang=es`);
      expect(await page.evaluate(() => location.hash)).toBe('');
      expect(await textOf(page, '[data-action="locate"]')).toBe('Enviar mi ubicación');
      // Two caravans: a choice by name (never the ids in links), the first chosen.
      const options = page.locator('[data-field="caravan"] option');
      expect((await options.allTextContents()).map(unisolated)).toEqual([`Caravana ${caravanId}`, 'Otra']);
      expect(await options.evaluateAll((elements) => elements.map((element) => (element as HTMLOptionElement).value))).toEqual([
        caravanId,
        other,
      ]);
      expect(await page.inputValue('[data-field="caravan"]')).toBe(caravanId);

      // Kept on the device: a plain visit, without the link, is still signed in.
      await page.goto(`${suite.baseUrl}/report`);
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
      expect(await textOf(page, '[data-field="reporter-name"]')).toBe('Ana (Huixtla)');

      // Signing out (asked first; nothing waits, so no warning) forgets the token; a wrong one typed in is refused with a message.
      await page.click('[data-action="sign-out"]');
      await page.waitForSelector('[data-part="sign-out"][open]', WAIT);
      expect(await page.isVisible('[data-field="sign-out-waiting"]')).toBe(false);
      await page.click('[data-action="confirm-sign-out"]');
      await page.waitForSelector('#sign-in:not([hidden])', WAIT);
      expect(await page.evaluate(() => localStorage.getItem('rumbo.report.token'))).toBeNull();
      await page.fill('#token', 'not-a-token');
      await page.click('#sign-in button[type="submit"]');
      await expect.poll(() => textOf(page, '[data-field="sign-in-error"]'), WAIT).toContain('not accepted');
      await page.fill('#token', token);
      await page.click('#sign-in button[type="submit"]');
      await page.waitForSelector('#reporter:not([hidden])', WAIT);

      expect(errors).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'queues reports offline, opens offline from the service worker, and delivers each exactly once; a refused one shows why',
    async () => {
      const { caravanId, token } = await reporterFor('Beto (Escuintla)');
      const context = await phone();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // Every report id in every batch the server answered: each must appear once.
      const posted: string[] = [];
      page.on('requestfinished', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/caravans/${caravanId}/reports`))
          posted.push(...(request.postDataJSON() as { reports: { id: string }[] }).reports.map((report) => report.id));
      });

      await openWithLink(page, token);
      // One caravan: named, not chosen, and never by its id.
      expect(await textOf(page, '[data-field="caravan-single"]')).toBe(`Caravana ${caravanId}`);
      expect(await page.isVisible('[data-field="caravan"]')).toBe(false);
      // The service worker has installed (the shell is cached) and controls the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, WAIT);

      await context.setOffline(true);
      await expect.poll(() => page.getAttribute('[data-field="network"]', 'data-state'), WAIT).toBe('offline');
      await tapSend(page, 'Salimos de Tapachula; unas 3,000 personas.');
      await context.setGeolocation(NORTH);
      await tapSend(page);
      // A phone whose clock reset after the battery ran out: its fix time is in 1999. The server refuses it.
      await page.evaluate(() => {
        const geolocation = navigator.geolocation;
        const original = geolocation.getCurrentPosition.bind(geolocation);
        geolocation.getCurrentPosition = (success, failure, options) => {
          geolocation.getCurrentPosition = original;
          original(
            (position) => success({ coords: position.coords, timestamp: Date.UTC(1999, 11, 31, 23), toJSON: () => ({}) }),
            failure,
            options,
          );
        };
      });
      await tapSend(page);
      await expect.poll(() => queuedCount(page), WAIT).toBe(3);
      expect(await textOf(page, '[data-field="outbox-status"]')).toContain('No connection');
      const deviceIds = await page
        .locator('[data-list="queued"] li')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.id!));
      expect(deviceIds.every((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id))).toBe(true);

      // Reloaded while offline: the service worker serves the page (its own try at the network fails),
      // and the queue is still there.
      const workerReachedServer: string[] = [];
      const watchWorker = (request: Request) => {
        if (request.serviceWorker()) workerReachedServer.push(new URL(request.url()).pathname);
      };
      context.on('requestfinished', watchWorker);
      const reloaded = await page.reload();
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
      context.off('requestfinished', watchWorker);
      expect(reloaded?.fromServiceWorker()).toBe(true);
      expect(workerReachedServer).toEqual([]);
      await expect.poll(() => queuedCount(page), WAIT).toBe(3);
      expect(await storedReports(caravanId)).toEqual([]);

      // The network returns: the queue goes in a batch, the refused one is set aside with the server's reason.
      await context.setOffline(false);
      await expect.poll(() => queuedCount(page), WAIT).toBe(0);
      await page.waitForSelector('[data-list="rejected"] li', WAIT);
      const rejected = page.locator('[data-list="rejected"] li');
      expect(await rejected.count()).toBe(1);
      expect(await rejected.locator('.record__reason').textContent()).toContain('fix times before 2000-01-01 are refused');
      const rejectedId = await rejected.getAttribute('data-id');
      expect(await page.locator('[data-list="sent"] li').count()).toBe(2);
      await expect.poll(() => textOf(page, '[data-field="outbox-status"]'), WAIT).toBe('Everything is sent.');

      const stored = await storedReports(caravanId);
      const sentIds = deviceIds.filter((id) => id !== rejectedId);
      expect(stored.map((report) => report.id).sort()).toEqual([...sentIds].sort());
      expect(stored.find((report) => report.note)?.note).toBe('Salimos de Tapachula; unas 3,000 personas.');
      expect(stored.every((report) => report.source === 'api')).toBe(true);
      // Online, a reload sends nothing again, and no id ever went out twice.
      await page.reload();
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
      await expect.poll(() => textOf(page, '[data-field="outbox-status"]'), WAIT).toBe('Everything is sent.');
      expect([...posted].sort()).toEqual([...deviceIds].sort());
      expect(await storedReports(caravanId)).toHaveLength(2);

      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/report.png', fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reports on its own in automatic mode, on schedule',
    async () => {
      const { caravanId, token } = await reporterFor('Carla (Huehuetán)');
      const context = await phone();
      const page = await context.newPage();
      await openWithLink(page, token, '?autoIntervalSeconds=2');

      await page.check('[data-field="auto-on"]');
      await expect.poll(() => textOf(page, '[data-field="auto-next"]'), WAIT).toMatch(/^Next report at /);
      await expect.poll(async () => (await storedReports(caravanId)).length, WAIT).toBeGreaterThanOrEqual(3);
      // Chromium's emulated fixes all carry the time the location was set, so the spacing shows in arrival times.
      const arrivals = (await storedReports(caravanId)).map((report) => Date.parse(report.receivedAt)).sort((a, b) => a - b);
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1_500);

      await page.uncheck('[data-field="auto-on"]');
      expect(await textOf(page, '[data-field="auto-next"]')).toMatch(/^Off/);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'waits as long as the server asks (429 with Retry-After), then delivers',
    async () => {
      const { caravanId, token } = await reporterFor('Dora (Tapachula)');
      // No service worker here, so that page.route sees the page's own API requests.
      const context = await phone('block');
      const page = await context.newPage();
      const attempts: number[] = [];
      await page.route(`**/api/v1/caravans/${caravanId}/reports`, async (route) => {
        attempts.push(Date.now());
        if (attempts.length > 1) return route.continue();
        // Reaching the real limit (120 a minute) would make the test wait a minute: the first answer is the 429 the server gives then.
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '2' },
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'rate_limited', message: 'too many requests: 120 a minute per reporter credential; retry in 2 s' },
          }),
        });
      });
      await openWithLink(page, token);

      await tapSend(page);
      await expect.poll(() => textOf(page, '[data-field="outbox-status"]'), WAIT).toContain('The server asked to wait');
      await expect.poll(() => queuedCount(page), WAIT).toBe(0);
      expect(attempts).toHaveLength(2);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(2_000);
      expect(await storedReports(caravanId)).toHaveLength(1);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );
});
