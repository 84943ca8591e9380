import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from './server';
import { useServerAndBrowser } from './suite';

/** The reporter page runs in a real Chromium against the real server; these waits allow for a busy two-core machine. */
const TEST_TIMEOUT_MS = 120_000;
const WAIT = { timeout: 30_000 };
/** Tapachula, then a few hundred metres north along the road. */
const TAPACHULA = { latitude: 14.9056, longitude: -92.2633, accuracy: 12 };
const NORTH = { latitude: 14.9101, longitude: -92.2641, accuracy: 35 };

const suite = useServerAndBrowser();

interface StoredReport {
  id: string;
  receivedAt: string;
  note?: string;
  source: string;
}

/** An admin API call: status and parsed JSON. */
async function admin<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(suite.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A caravan and a reporter who posts to it (and to `more`), as a newsroom sets them up. */
async function reporterFor(name: string, more: string[] = []): Promise<{ caravanId: string; token: string }> {
  const caravanId = unique('report');
  expect((await admin('POST', '/api/v1/caravans', { id: caravanId, name: `Caravana ${caravanId}` })).status).toBe(201);
  const created = await admin<{ token: string }>('POST', '/api/v1/reporters', { name, caravans: [caravanId, ...more] });
  expect(created.status).toBe(201);
  return { caravanId, token: created.json.token };
}

async function storedReports(caravanId: string): Promise<StoredReport[]> {
  return (await admin<{ reports: StoredReport[] }>('GET', `/api/v1/caravans/${caravanId}/reports`)).json.reports;
}

/** A phone: its own storage, location allowed, standing in Tapachula. */
function phone(serviceWorkers: 'allow' | 'block' = 'allow'): Promise<BrowserContext> {
  return suite.browser.newContext({
    permissions: ['geolocation'],
    geolocation: TAPACHULA,
    viewport: { width: 390, height: 844 },
    serviceWorkers,
  });
}

/** Opens the page from the newsroom's link and waits until it says who is signed in. */
async function openWithLink(page: Page, token: string, query = ''): Promise<void> {
  await page.goto(`${suite.baseUrl}/report${query}#token=${token}`);
  await page.waitForSelector('#reporter:not([hidden])', WAIT);
}

const textOf = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';
/** Text without the isolation marks (FSI … PDI) that keep a typed name from reordering what is around it. */
const unisolated = (text: string) => text.replace(/[\u2068\u2069]/g, '');
const queuedCount = (page: Page) => page.locator('[data-list="queued"] li').count();

/** "Send my position", then confirm once the fix and its accuracy show. */
async function sendPosition(page: Page, note?: string): Promise<void> {
  await page.click('[data-action="locate"]');
  await page.waitForSelector('[data-part="confirm"]:not([hidden])', WAIT);
  if (note !== undefined) await page.fill('#note', note);
  await page.click('[data-action="send-fix"]');
  await page.waitForSelector('[data-part="confirm"]', { ...WAIT, state: 'hidden' });
}

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

      // Signing out forgets the token; a wrong one typed in is refused with a message.
      await page.click('[data-action="sign-out"]');
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
      await sendPosition(page, 'Salimos de Tapachula; unas 3,000 personas.');
      await context.setGeolocation(NORTH);
      await sendPosition(page);
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
      await sendPosition(page);
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

      await sendPosition(page);
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
