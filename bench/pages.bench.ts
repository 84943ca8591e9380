import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../client/e2e/browser';
import { buildApp, type App } from '../server/src/app';
import { demoFixTimeMs, demoReport, DEMO_NOW_STEP } from '../server/src/demo/demo-route';
import { MemoryStore } from '../server/src/store/memory-store';
import { adminHeaders, testConfig } from '../server/test/helper';
import { progress } from './progress';
import { formatNumber, formatRatio, percentile, verdict } from './stats';

/** client/dist, from bench/dist where `npm run bench` runs the compiled benchmarks. */
const CLIENT_DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url));
/** The slow phone of issue 16: 1.6 Mbps down, 750 kbps up, 150 ms round trip, a CPU 4× slower. */
const PHONE = { downKbps: 1_600, upKbps: 750, rttMs: 150, cpuSlowdown: 4, viewport: { width: 390, height: 844 } };
/** The reader must see the headline (distance, place, time, delay) within this on that phone. */
const FIRST_TEXT_TARGET_MS = 1_500;
const THROTTLED_RUNS = 5;
/** A page that never gets there (a broken build) is reported as such, not waited for forever. */
const PAGE_TIMEOUT_MS = 180_000;
const BASELINE_PATH = '/bench/maplibre-baseline';

/**
 * Installed before any page script: when the headline is in the DOM (`.embed[data-state="shown"]`)
 * and the map is idle (`#map[data-map-state="idle"]`), the time since navigation start after the
 * frame that paints it (a task queued from requestAnimationFrame runs after that frame).
 */
const MARK_SCRIPT = `(() => {
  const after = (attribute, selector) => {
    const root = document.documentElement;
    if (!root || root.hasAttribute(attribute) || !document.querySelector(selector)) return;
    root.setAttribute(attribute, '');
    requestAnimationFrame(() => setTimeout(() => root.setAttribute(attribute, String(performance.now())), 0));
  };
  new MutationObserver(() => {
    after('data-bench-first-text', '.embed[data-state="shown"]');
    after('data-bench-map-idle', '#map[data-map-state="idle"]');
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-map-state'] });
})();`;

/**
 * The marks are attributes on <html>, read with selectors: the pages' Content-Security-Policy
 * (no eval) would stop Playwright's evaluated functions, not its selectors.
 */
const MARKS = { firstText: 'data-bench-first-text', mapIdle: 'data-bench-map-idle' } as const;

/** The built MapLibre chunk and its worker in client/dist/assets, as the pages load them. */
function maplibreAssets(): { chunk: string; worker: string } {
  const assets = readdirSync(join(CLIENT_DIST, 'assets'));
  const chunk = assets.find((name) => /^maplibre-(?!gl-worker)[\w-]+\.js$/.test(name));
  const worker = assets.find((name) => /^maplibre-gl-worker-[\w-]+\.m?js$/.test(name));
  if (!chunk || !worker) throw new Error(`no MapLibre chunk or worker in ${CLIENT_DIST}assets: build the client`);
  return { chunk: `/assets/${chunk}`, worker: `/assets/${worker}` };
}

/**
 * The baseline: MapLibre's own minimal page, the way the embed was before it painted text early.
 * It imports the same built MapLibre chunk, and only once that has loaded fetches the same public
 * snapshot and writes one line of text; its map is a background and the track, no basemap.
 */
function baselinePage(caravanId: string): string {
  const { chunk, worker } = maplibreAssets();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>MapLibre minimal page</title><style>body{margin:0;font:16px system-ui}#map{height:60vh}</style></head>
<body><main class="embed" data-state="loading"><p id="line">Rumbo</p><div id="map" data-map-state="loading"></div></main>
<script type="module">
const maplibre = await import(${JSON.stringify(chunk)});
const exported = Object.values(maplibre);
// The chunk's exports are minified: the Map class and setWorkerUrl are found by what they are.
const MapClass = exported.find((value) => typeof value === 'function' && typeof value.prototype?.addLayer === 'function');
const setWorkerUrl = exported.find((value) => typeof value === 'function' && String(value).includes('WORKER_URL'));
if (!MapClass || !setWorkerUrl) throw new Error('MapLibre not found in ${chunk}');
setWorkerUrl(${JSON.stringify(worker)});
const snapshot = await (await fetch('/api/v1/public/caravans/${caravanId}')).json();
document.getElementById('line').textContent = snapshot.caravan.name + ': ' + Math.round(snapshot.metrics.distanceToBorderKm) + ' km to the border';
document.querySelector('.embed').dataset.state = 'shown';
const map = new MapClass({ container: 'map', center: snapshot.track.at(-1), zoom: 6, attributionControl: false, style: {
  version: 8,
  sources: { track: { type: 'geojson', data: { type: 'LineString', coordinates: snapshot.track } } },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#e8eef2' } },
    { id: 'track', type: 'line', source: 'track', paint: { 'line-color': '#c0392b', 'line-width': 3 } },
  ],
} });
map.on('idle', () => (document.getElementById('map').dataset.mapState = 'idle'));
</script></body></html>`;
}

interface Bench {
  app: App;
  baseUrl: string;
  caravanId: string;
  /** Accept-Encoding headers Chromium sent for the pages' files. */
  acceptEncodings: Set<string>;
}

/** Rumbo in this process on the in-memory store, with a public caravan walking the demo route up to now. */
async function startRumbo(): Promise<Bench> {
  if (!existsSync(join(CLIENT_DIST, 'embed.html'))) throw new Error('the client is not built: run `npm -w client run build`');
  const acceptEncodings = new Set<string>();
  const caravanId = 'bench-pages';
  // Two hours ahead: the fixes posted now are past the public delay, so the embed has a headline.
  const app = await buildApp({
    config: testConfig({ demo: false }),
    store: new MemoryStore(),
    clientDist: CLIENT_DIST,
    now: () => Date.now() + 2 * 3_600_000,
  });
  app.addHook('onRequest', async (request) => {
    const fromChromium = String(request.headers['user-agent']).includes('Chrome');
    if (fromChromium && request.url.startsWith('/assets/'))
      acceptEncodings.add(String(request.headers['accept-encoding'] ?? '(none)'));
  });
  app.get(BASELINE_PATH, { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(baselinePage(caravanId)),
  );
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const post = async (path: string, body: unknown) => {
    const answer = await app.inject({ method: 'POST', url: path, headers: adminHeaders, payload: body as object });
    if (answer.statusCode !== 201) throw new Error(`${path}: ${answer.statusCode} ${answer.body}`);
  };
  await post('/api/v1/caravans', { id: caravanId, name: 'Caravana de prueba' });
  const shiftMs = Date.now() - 12 * 60_000 - demoFixTimeMs(DEMO_NOW_STEP);
  const reports = Array.from({ length: DEMO_NOW_STEP + 1 }, (_, step) => demoReport(step, shiftMs));
  for (let first = 0; first < reports.length; first += 500)
    await post(`/api/v1/caravans/${caravanId}/reports`, { reports: reports.slice(first, first + 500) });
  return { app, baseUrl, caravanId, acceptEncodings };
}

interface Transfer {
  url: string;
  method: string;
  status: number;
  encoding: string;
  /** Bytes on the wire, headers included (DevTools' "transferred"). */
  transferred: number;
  /** The body once decoded. */
  decoded: number;
}

/**
 * Every request the page and its workers make (MapLibre's worker script is fetched by the
 * worker), as the network saw it; `settled` waits for the sizes still being read.
 */
function recordTransfers(page: Page): { transfers: Transfer[]; settled: () => Promise<unknown> } {
  const transfers: Transfer[] = [];
  const reading: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    reading.push(
      (async () => {
        const response = await request.response();
        if (!response) return;
        const sizes = await request.sizes();
        const body = await response.body().catch(() => Buffer.alloc(0));
        transfers.push({
          url: request.url(),
          method: request.method(),
          status: response.status(),
          encoding: (await response.headerValue('content-encoding')) ?? 'identity',
          // A worker's sizes are not reported (0): its Content-Length, the encoded body's size, is.
          transferred:
            sizes.responseHeadersSize +
            (sizes.responseBodySize || Number((await response.headerValue('content-length')) ?? body.length)),
          decoded: body.length,
        });
      })(),
    );
  });
  return { transfers, settled: () => Promise.all(reading) };
}

/** The body's size as sent for one Accept-Encoding (staff token included, for the dashboard's API calls). */
function bodyBytes(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(new URL(url), { headers: { ...adminHeaders, 'accept-encoding': acceptEncoding } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Milliseconds from navigation start to the mark, or null when the page never got there. */
async function waitForMark(page: Page, mark: keyof typeof MARKS): Promise<number | null> {
  const selector = `html[${MARKS[mark]}]:not([${MARKS[mark]}=""])`;
  const element = await page.waitForSelector(selector, { timeout: PAGE_TIMEOUT_MS, state: 'attached' }).catch(() => null);
  return element ? Number(await element.getAttribute(MARKS[mark])) : null;
}

interface PageToWeigh {
  name: string;
  path: string;
  /** Signed in as staff (the dashboard). */
  staff: boolean;
  /** What says the page has loaded what a reader sees. */
  ready: (page: Page) => Promise<boolean>;
}

/** Loads a page unthrottled, no cache, service workers off (the reporter page's precache is the same files again). */
async function weighPage(
  browser: Browser,
  bench: Bench,
  target: PageToWeigh,
): Promise<{ transfers: Transfer[]; ready: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    if (target.staff)
      await page.addInitScript(
        `localStorage.setItem('rumbo.staffToken', ${JSON.stringify(adminHeaders.authorization.slice(7))})`,
      );
    await page.addInitScript({ content: MARK_SCRIPT });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const { transfers, settled } = recordTransfers(page);
    await page.goto(bench.baseUrl + target.path);
    const ready = await target.ready(page);
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    await settled();
    return { transfers: [...transfers], ready };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => `${formatNumber(bytes / 1000, bytes < 10_000 ? 1 : 0)} KB`;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const shortUrl = (url: string) => new URL(url).pathname.replace(/^\/assets\//, '').replace(/-[\w]{8}\./, '-*.');

/** Bytes as served: what Chromium downloaded for each page, and each file again in br, gzip and plain. */
async function servedBytesLines(browser: Browser, bench: Bench): Promise<string[]> {
  const mapIdle = async (page: Page) => (await waitForMark(page, 'mapIdle')) !== null;
  const pages: PageToWeigh[] = [
    { name: 'embed', path: `/embed/${bench.caravanId}`, staff: false, ready: mapIdle },
    { name: 'dashboard', path: `/?caravan=${bench.caravanId}`, staff: true, ready: mapIdle },
    {
      name: 'reporter',
      path: '/report',
      staff: false,
      ready: (page) => page.waitForLoadState('load').then(() => true),
    },
  ];
  const lines: string[] = [];
  const largest: string[] = [];
  const listed = new Set<string>();
  for (const target of pages) {
    progress(`pages: bytes as served, ${target.name}`);
    const { transfers, ready } = await weighPage(browser, bench, target);
    // The same files again, outside the browser: Socket.IO's transport requests are not files.
    const files = transfers.filter(
      (transfer) =>
        transfer.url.startsWith(bench.baseUrl) &&
        transfer.method === 'GET' &&
        transfer.status === 200 &&
        !transfer.url.includes('/socket.io/'),
    );
    const sizes = await Promise.all(
      files.map(async (file) => ({
        file,
        br: await bodyBytes(file.url, 'br'),
        gzip: await bodyBytes(file.url, 'gzip'),
        identity: await bodyBytes(file.url, 'identity'),
      })),
    );
    const encodings = new Map<string, number>();
    for (const file of files) encodings.set(file.encoding, (encodings.get(file.encoding) ?? 0) + 1);
    const got = sum(transfers.map((transfer) => transfer.transferred));
    const decoded = sum(transfers.map((transfer) => transfer.decoded));
    const total = (key: 'br' | 'gzip' | 'identity') => sum(sizes.map((size) => size[key]));
    const identity = total('identity');
    lines.push(
      `  ${target.name.padEnd(9)} ${target.path.replace(bench.caravanId, ':id')}: ${transfers.length} requests${ready ? '' : ' (NOT READY before the timeout)'}; ` +
        `Chromium got ${kb(got)} on the wire of ${kb(decoded)} decoded (${formatRatio(got / decoded)}; ${[...encodings].map(([name, count]) => `${name} ×${count}`).join(', ')})`,
      `  ${''.padEnd(9)} the same ${files.length} files fetched again: br ${kb(total('br'))} (${formatRatio(total('br') / identity)}), gzip ${kb(total('gzip'))} (${formatRatio(total('gzip') / identity)}), uncompressed ${kb(identity)} (the baseline)`,
    );
    for (const size of sizes.filter((entry) => entry.identity > 50_000 && !listed.has(shortUrl(entry.file.url)))) {
      listed.add(shortUrl(size.file.url));
      largest.push(
        `${shortUrl(size.file.url).padEnd(28)} ${kb(size.br).padStart(8)} ${kb(size.gzip).padStart(8)} ${kb(size.identity).padStart(9)}`,
      );
    }
  }
  return [
    `pages: bytes as served (real Chromium, no cache, 1280×800; Chromium sent Accept-Encoding ${[...bench.acceptEncodings].map((value) => `"${value}"`).join(', ')} over http://127.0.0.1)`,
    ...lines,
    `  files over 50 KB:             br     gzip   uncompressed`,
    ...largest.map((line) => `    ${line}`),
  ];
}

interface ThrottledRun {
  firstTextMs: number | null;
  mapIdleMs: number | null;
}

/** One cold load on the slow phone: a fresh context (no cache, new connections), network and CPU throttled. */
async function throttledRun(browser: Browser, url: string): Promise<ThrottledRun> {
  const context: BrowserContext = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: MARK_SCRIPT });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE.rttMs,
      downloadThroughput: (PHONE.downKbps * 1000) / 8,
      uploadThroughput: (PHONE.upKbps * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    await page.goto(url, { waitUntil: 'commit' });
    return { firstTextMs: await waitForMark(page, 'firstText'), mapIdleMs: await waitForMark(page, 'mapIdle') };
  } finally {
    await context.close();
  }
}

const median = (runs: ThrottledRun[], key: keyof ThrottledRun) => {
  const values = runs.map((run) => run[key]).filter((value): value is number => value !== null);
  return values.length < runs.length ? null : percentile(values, 0.5);
};
const ms = (value: number | null) => (value === null ? 'not reached' : `${formatNumber(value)} ms`);
const ratio = (value: number | null, baseline: number | null) =>
  value === null || baseline === null ? 'n/a' : formatRatio(value / baseline);

/** First text and map idle on the slow phone, the embed against MapLibre's minimal page, alternating. */
async function throttledLines(browser: Browser, bench: Bench): Promise<string[]> {
  const embed: ThrottledRun[] = [];
  const baseline: ThrottledRun[] = [];
  for (let run = 1; run <= THROTTLED_RUNS; run++) {
    progress(`pages: slow phone, run ${run} of ${THROTTLED_RUNS}`);
    embed.push(await throttledRun(browser, `${bench.baseUrl}/embed/${bench.caravanId}`));
    baseline.push(await throttledRun(browser, `${bench.baseUrl}${BASELINE_PATH}`));
  }
  const embedText = median(embed, 'firstTextMs');
  const baselineText = median(baseline, 'firstTextMs');
  const embedIdle = median(embed, 'mapIdleMs');
  const baselineIdle = median(baseline, 'mapIdleMs');
  const each = (runs: ThrottledRun[], key: keyof ThrottledRun) =>
    runs.map((run) => (run[key] === null ? '–' : formatNumber(run[key]))).join(', ');
  return [
    `pages: first text on a slow phone (${formatNumber(PHONE.downKbps / 1000, 1)} Mbps down, ${PHONE.upKbps} kbps up, ${PHONE.rttMs} ms RTT, CPU ${PHONE.cpuSlowdown}× slower, no cache, ${PHONE.viewport.width}×${PHONE.viewport.height}; median of ${THROTTLED_RUNS} cold loads; from navigation start to painted)`,
    `  embed headline painted   Rumbo ${ms(embedText)} (${each(embed, 'firstTextMs')}); baseline: MapLibre's minimal page, text once the library loaded ${ms(baselineText)} (${each(baseline, 'firstTextMs')}); ratio ${ratio(embedText, baselineText)}; target ${formatNumber(FIRST_TEXT_TARGET_MS)} ms: ${verdict(embedText !== null && embedText <= FIRST_TEXT_TARGET_MS)}`,
    `  map idle                 Rumbo ${ms(embedIdle)} (basemap, towns, track); baseline ${ms(baselineIdle)} (background and track only); ratio ${ratio(embedIdle, baselineIdle)}`,
  ];
}

/**
 * The three pages in a real Chromium against Rumbo in this process (in-memory store, a public
 * caravan with the demo's reports): the bytes each downloads as served, against the same files
 * uncompressed; and on a throttled phone, when the embed's headline is painted against MapLibre's
 * own minimal page loading the same built library. Needs the built client.
 */
export async function pagesBench(): Promise<string[]> {
  const bench = await startRumbo();
  const browser = await launchChromium();
  try {
    return [...(await servedBytesLines(browser, bench)), ...(await throttledLines(browser, bench))];
  } finally {
    await browser.close();
    await bench.app.close();
  }
}
