import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../server/src/app';
import { launchChromium } from './browser';
import { startServer } from './server';

/** What a browser test file works against; read it inside tests and hooks, not at import. */
export interface BrowserSuite {
  /** The server's address, `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly browser: Browser;
}

/**
 * The test file's server (the real app with the built client, on an ephemeral port) and Chromium:
 * started before its tests, closed after them.
 */
export function useServerAndBrowser(start: () => Promise<{ app: App; baseUrl: string }> = () => startServer()): BrowserSuite {
  let server: { app: App; baseUrl: string } | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server and the browser start in beforeAll: read them inside a test');
    return value;
  };
  return {
    get baseUrl() {
      return started(server).baseUrl;
    },
    get browser() {
      return started(browser);
    },
  };
}
