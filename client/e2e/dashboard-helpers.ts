import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoReport } from '../../server/src/demo/demo-route';
import { ADMIN_TOKEN, startServer } from './server';

/**
 * The page shows its panel once MapLibre has loaded, on a software renderer: a few seconds on an
 * idle machine, but over a minute for the first page on a busy two-core one. Room for both.
 */
export const BROWSER_TEST_TIMEOUT_MS = 240_000;
const WAIT = { timeout: 120_000 };

/** The fields of a stored report these tests read. */
export interface StoredReport {
  id: string;
  lng: number;
  lat: number;
  recordedAt: string;
  hidden: boolean;
  metrics: { distanceToBorderKm: number };
}

/** An account as created, secrets included (shown once). */
export interface CreatedAccount {
  id: string;
  name: string;
  role: string;
  token: string;
  deviceId: string | null;
}

/**
 * The server for these tests. Load shedding is relaxed: a busy CI machine lags the event loop,
 * and these tests are about the dashboard, not about shedding (tested on the server side).
 */
/**
 * The public release an hour ahead of the real clock: a report posted now has arrived a delay and a
 * public step ago, so what the dashboard posts shows in the public API at once.
 */
export const startDashboardServer = () => startServer({ MAX_EVENT_LOOP_DELAY_MS: '30000' }, () => Date.now() + 3_600_000);

/** Any API call as a given token, answering status and parsed JSON; an overloaded answer (503) is retried after its Retry-After. */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN_TOKEN,
): Promise<{ status: number; json: T }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 503 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    return { status: response.status, json: (await response.json().catch(() => null)) as T };
  }
}

/** A fresh caravan id, unique across tests sharing one server. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function createCaravan(baseUrl: string, name: string, prefix = 'panel'): Promise<string> {
  const caravanId = uniqueId(prefix);
  expect((await call(baseUrl, 'POST', '/api/v1/caravans', { id: caravanId, name })).status).toBe(201);
  return caravanId;
}

/** Posts reports (in batches the API takes) and returns them as stored. */
export async function postReports(baseUrl: string, caravanId: string, reports: object[]): Promise<StoredReport[]> {
  const stored: StoredReport[] = [];
  for (let start = 0; start < reports.length; start += 500) {
    const answer = await call<{ accepted: { report: StoredReport }[] }>(
      baseUrl,
      'POST',
      `/api/v1/caravans/${caravanId}/reports`,
      {
        reports: reports.slice(start, start + 500),
      },
    );
    expect(answer.status).toBe(201);
    stored.push(...answer.json.accepted.map(({ report }) => report));
  }
  return stored;
}

/**
 * `count` steps of the demo route, moved in time so the last fix was taken `endsMinutesAgo`
 * before now: demo-like data that looks live (the real demo's dates are in December 2023).
 */
export function demoReportsEndingNow(count: number, endsMinutesAgo = 12): object[] {
  const reports = Array.from({ length: count }, (_, step) => demoReport(step));
  const shiftMs = Date.now() - endsMinutesAgo * 60_000 - Date.parse(String(reports.at(-1)!.recordedAt));
  return reports.map((report) => ({
    ...report,
    recordedAt: new Date(Date.parse(String(report.recordedAt)) + shiftMs).toISOString(),
  }));
}

/** A staff account (editor or viewer) and its token. */
export async function createStaff(baseUrl: string, role: 'editor' | 'viewer'): Promise<CreatedAccount> {
  const answer = await call<CreatedAccount>(baseUrl, 'POST', '/api/v1/staff', { name: `E2E ${role}`, role });
  expect(answer.status).toBe(201);
  return answer.json;
}

/** A signed-in dashboard (1280×800) once it is live on the caravan; page errors are collected. */
export async function openDashboard(
  browser: Browser,
  baseUrl: string,
  path: string,
  token = ADMIN_TOKEN,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript((staffToken) => localStorage.setItem('rumbo.staffToken', staffToken), token);
  await page.goto(baseUrl + path);
  await page.waitForSelector('#panel:not([hidden])', WAIT);
  await page.waitForSelector('[data-field="connection"][data-state="live"]', WAIT);
  return { page, errors };
}

/** Waits until the reports list counts `total` matching reports. */
export const listTotal = (page: Page, total: number) =>
  page.waitForSelector(`[data-field="list-count"][data-total="${total}"]`, WAIT);

/** The ids of the rows the reports list draws, top to bottom. */
export const listedIds = (page: Page) =>
  page.$$eval('[data-field="report-list"] > li', (rows) => rows.map((row) => (row as HTMLElement).dataset.reportId!));
