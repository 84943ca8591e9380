import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN } from './server';

const WAIT = { timeout: 120_000 };

/** The phone sizes the dashboard must work at: a large and a small one. */
export const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;

export interface OpenOptions {
  viewport: { width: number; height: number };
  token?: string;
  /** Runs on the new page before it loads (routes, init scripts). */
  prepare?: (page: Page) => Promise<void>;
}

/**
 * A signed-in dashboard at a given size once it is live on the caravan (openDashboard's
 * counterpart for phones); page errors are collected.
 */
export async function openDashboardAt(
  browser: Browser,
  url: string,
  { viewport, token = ADMIN_TOKEN, prepare }: OpenOptions,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript((staffToken) => localStorage.setItem('rumbo.staffToken', staffToken), token);
  await prepare?.(page);
  await page.goto(url);
  await page.waitForSelector('#panel:not([hidden])', WAIT);
  await page.waitForSelector('[data-field="connection"][data-state="live"]', WAIT);
  return { page, errors };
}
