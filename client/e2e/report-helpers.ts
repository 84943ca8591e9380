import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN_TOKEN } from './server';
import type { BrowserSuite } from './suite';

/** The reporter page runs in a real Chromium against the real server; these waits allow for a busy two-core machine. */
export const TEST_TIMEOUT_MS = 120_000;
export const WAIT = { timeout: 30_000 };
/** Tapachula, then a few hundred metres north along the road. */
export const TAPACHULA = { latitude: 14.9056, longitude: -92.2633, accuracy: 12 };
export const NORTH = { latitude: 14.9101, longitude: -92.2641, accuracy: 35 };

export interface StoredReport {
  id: string;
  receivedAt: string;
  note?: string;
  headcount?: number;
  source: string;
}

/** The reporter page's helpers, bound to one test file's server and browser. */
export function reportPage(suite: BrowserSuite) {
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

  return {
    admin,
    unique,
    /** A caravan and a reporter who posts to it (and to `more`), as a newsroom sets them up. */
    async reporterFor(name: string, more: string[] = []): Promise<{ caravanId: string; token: string }> {
      const caravanId = unique('report');
      expect((await admin('POST', '/api/v1/caravans', { id: caravanId, name: `Caravana ${caravanId}` })).status).toBe(201);
      const created = await admin<{ token: string }>('POST', '/api/v1/reporters', { name, caravans: [caravanId, ...more] });
      expect(created.status).toBe(201);
      return { caravanId, token: created.json.token };
    },
    async storedReports(caravanId: string): Promise<StoredReport[]> {
      return (await admin<{ reports: StoredReport[] }>('GET', `/api/v1/caravans/${caravanId}/reports`)).json.reports;
    },
    /**
     * A phone: its own storage, location allowed, standing in Tapachula. `block` keeps the service
     * worker out, so that page.route sees the page's own API requests.
     */
    phone(serviceWorkers: 'allow' | 'block' = 'allow', geolocation = TAPACHULA): Promise<BrowserContext> {
      return suite.browser.newContext({
        permissions: ['geolocation'],
        geolocation,
        viewport: { width: 390, height: 844 },
        serviceWorkers,
      });
    },
    /** Opens the page from the newsroom's link and waits until it says who is signed in. */
    async openWithLink(page: Page, token: string, query = ''): Promise<void> {
      await page.goto(`${suite.baseUrl}/report${query}#token=${token}`);
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
    },
  };
}

export const textOf = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

/** The line under "Send my position" and the report it speaks of. */
export const LATEST = '[data-field="report-status"]';
export const latestId = async (page: Page) => (await page.getAttribute(LATEST, 'data-id')) ?? '';
export const latestState = async (page: Page) => (await page.getAttribute(LATEST, 'data-state')) ?? '';

/**
 * One tap on "Send my position" (with the note typed before the tap, if any); resolves with the
 * new report's id once the page has queued it.
 */
export async function tapSend(page: Page, note?: string): Promise<string> {
  if (note !== undefined) await page.fill('#note', note);
  const before = await latestId(page);
  await page.click('[data-action="locate"]');
  await expect
    .poll(async () => {
      const id = await latestId(page);
      return id !== '' && id !== before;
    }, WAIT)
    .toBe(true);
  return latestId(page);
}
