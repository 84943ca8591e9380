import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app';
import { launchChromium } from './browser';
import { ADMIN_TOKEN, startServer } from './server';

/** A stand-in for a tile provider: serves one MapLibre style and records who asked for it. */
function startStyleServer(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const style = {
    version: 8,
    name: 'remote-test-style',
    sources: {},
    layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#224466' } }],
  };
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(JSON.stringify(style));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/style.json` }),
    ),
  );
}

let browser: Browser;
let app: App;
let baseUrl: string;
let styleServer: Awaited<ReturnType<typeof startStyleServer>>;

beforeAll(async () => {
  styleServer = await startStyleServer();
  ({ app, baseUrl } = await startServer({ BASEMAP_STYLE_URL: styleServer.url }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  styleServer?.server.close();
});

describe('BASEMAP_STYLE_URL', () => {
  it('loads the remote style instead of the bundled basemap', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const fetched: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => fetched.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript((token) => localStorage.setItem('rumbo.staffToken', token), ADMIN_TOKEN);
    await page.goto(baseUrl);
    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 15_000 });
    expect(styleServer.requests).toContain('/style.json');
    // The remote style brings its own places: none of the bundled basemap's files is fetched…
    expect(fetched.filter((url) => /countries-50m|geography\.topo|towns\.geo/.test(url))).toEqual([]);
    // …no place names of ours are laid over it, and the legend is there as on the bundled basemap.
    await page.waitForSelector('.map-legend li[data-symbol="border"]', { state: 'attached', timeout: 15_000 });
    expect(await page.getAttribute('#map', 'data-town-labels')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
