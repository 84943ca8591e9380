import type { Flag } from '@rumbo/shared/constants';
import { isDoubted } from '@rumbo/shared/track';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoRoute from '@rumbo/shared/data/demo-route.json' with { type: 'json' };
import { DEMO_STEPS, demoReport } from '../../server/src/demo/demo-route';
import { ADMIN_TOKEN, api } from './server';
import { useServerAndBrowser } from './suite';

/** The fields of a stored report these tests read. */
interface StoredReport {
  id: string;
  lng: number;
  lat: number;
  recordedAt: string;
  hidden: boolean;
  flags: Flag[];
  metrics: { distanceToBorderKm: number };
}

const suite = useServerAndBrowser();

async function createCaravan(name: string, extra: object = {}): Promise<string> {
  const caravanId = `map-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  expect((await api(suite.baseUrl, 'POST', '/api/v1/caravans', { id: caravanId, name, ...extra })).status).toBe(201);
  return caravanId;
}

/** How long an overloaded server asks clients to wait (its Retry-After). */
const RETRY_AFTER_MS = 5_000;

/**
 * Posts reports through the API as staff and returns them as stored. A busy machine (Chromium
 * rendering through SwiftShader next to the server) can make the server shed load with a 503:
 * like any client, this waits and sends the same reports again (their ids make that safe).
 */
async function post(caravanId: string, reports: object[]): Promise<StoredReport[]> {
  let answer = await api(suite.baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, { reports });
  for (let retries = 0; answer.status === 503 && retries < 5; retries++) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    answer = await api(suite.baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, { reports });
  }
  expect(answer.status).toBe(201);
  // server.ts types only what the other tests read; the stored report carries these fields too.
  return answer.json.accepted.map(({ report }) => report as unknown as StoredReport);
}

/** A signed-in dashboard on one caravan, once its map has drawn `reportPoints` dots. */
async function openDashboard(caravanId: string, reportPoints: number): Promise<{ page: Page; errors: string[] }> {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript((token) => localStorage.setItem('rumbo.staffToken', token), ADMIN_TOKEN);
  await page.goto(`${suite.baseUrl}/?caravan=${caravanId}`);
  // The first page of a browser test file loads the bundle, MapLibre's worker and the basemap: in a
  // full run on two cores, beside the other files, that has taken over 40 s (a CI run, 2026-12-06).
  await page.waitForSelector(`#map[data-report-points="${reportPoints}"]`, { timeout: 90_000 });
  await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 20_000 });
  return { page, errors };
}

const mapData = (page: Page, name: string) => page.getAttribute('#map', `data-${name}`);
const km = (value: number) =>
  `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} km`;

// A loaded machine renders through SwiftShader slowly: each step gets room beyond vitest's default.
describe('dashboard map, on a caravan with a few hundred reports', { timeout: 30_000 }, () => {
  let caravanId: string;
  let history: StoredReport[];
  let page: Page;
  let errors: string[];
  const noteId = 'with-markup';
  const note = 'Llegamos a Tonalá <img src=x onerror=alert(1)> & seguimos';

  beforeAll(async () => {
    // The planned route is the demo itinerary, drawn dashed ahead of the track.
    const route = { type: 'LineString', coordinates: demoRoute.waypoints.map(({ lng, lat }) => [lng, lat]) };
    caravanId = await createCaravan('Caravana del mapa', { route });
    history = await post(
      caravanId,
      Array.from({ length: 300 }, (_, step) => demoReport(step)),
    );
    ({ page, errors } = await openDashboard(caravanId, 300));
  }, 150_000);

  afterAll(async () => {
    await page?.close();
  });

  it('draws a report posted through the API at once, as the latest with its accuracy ring', async () => {
    expect(await mapData(page, 'track-points')).toBe('300');
    const last = history.at(-1)!;
    // Timed in the page, when the map takes the report in, not when a poll from here notices it.
    await page.evaluate((id) => {
      const map = document.getElementById('map')!;
      (window as unknown as { drawnAt: Promise<number> }).drawnAt = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (map.dataset.latestId !== id) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(map, { attributes: true });
      });
    }, noteId);
    const postedAt = Date.now();
    // An hour after the last fix and a couple of kilometres on: a plausible walk, so it becomes the latest.
    const [posted] = await post(caravanId, [
      {
        id: noteId,
        lng: last.lng - 0.02,
        lat: last.lat,
        recordedAt: Date.parse(last.recordedAt) + 3_600_000,
        accuracyM: 120,
        note,
      },
    ]);
    expect(isDoubted(posted!)).toBe(false); // a backfilled fix: noted clock_behind, still on the track
    const drawnAt = await page.evaluate(() => (window as unknown as { drawnAt: Promise<number> }).drawnAt);
    // The push's latency is the fan-out benchmark's to measure; this bound only tells a push from a
    // map that waits for something else (a reload, a timer). A second was too tight under a full
    // suite's load on two cores (a run took 1,073 ms).
    expect(drawnAt - postedAt).toBeLessThan(3_000);
    expect(await mapData(page, 'report-points')).toBe('301');
    expect(await mapData(page, 'track-points')).toBe('301');
    expect(await mapData(page, 'accuracy-ring')).toBe('shown');
  });

  it('opens a popup on a click that shows the note as text, never as markup', async () => {
    // Follow centres the map on the latest position, which is the report with the note.
    await page.click('[data-action="follow-latest"]');
    expect(await page.getAttribute('[data-action="follow-latest"]', 'aria-pressed')).toBe('true');
    // A click on the map while it eases would stop it halfway: wait until it has arrived.
    await page.waitForSelector('#map[data-camera="still"][data-map-state="idle"]', { timeout: 15_000 });
    await page.mouse.click(640, 400);
    const popup = await page.waitForSelector(`.maplibregl-popup .report-popup[data-report-id="${noteId}"]`, { timeout: 5_000 });
    expect(await popup.$eval('[data-field="note"]', (element) => element.textContent)).toBe(note);
    expect(await page.$$('.maplibregl-popup img')).toHaveLength(0);
    const text = await popup.textContent();
    expect(text).toContain('Administrator');
    expect(text).toContain('API');
    const fixTitle = await popup.$eval('time', (element) => element.getAttribute('title'));
    expect(fixTitle).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-map-popup.png' });

    // The popup's close button deselects.
    await page.click('.maplibregl-popup-close-button');
    await expect.poll(() => page.$$('.maplibregl-popup')).toHaveLength(0);
    await page.click('[data-action="follow-latest"]');
  });

  it('replays: an earlier moment shows the earlier position and distance; Live returns', async () => {
    const earlier = history[100]!;
    const distanceBefore = await page.textContent('[data-field="distance"]');
    await page.fill('[data-field="replay-slider"]', String(Date.parse(earlier.recordedAt)));
    await page.waitForSelector(`#map[data-latest-id="${earlier.id}"]`, { timeout: 5_000 });
    await expect.poll(() => page.textContent('[data-field="distance"]')).toBe(km(earlier.metrics.distanceToBorderKm));
    expect(await mapData(page, 'report-points')).toBe('101');
    expect(await page.getAttribute('#replay', 'data-mode')).toBe('replay');

    // Playing at 1000×: one demo report every 20 minutes of fix time is one every 1.2 s.
    await page.selectOption('[data-field="replay-speed"]', '1000');
    await page.click('[data-action="replay-play"]');
    await page.waitForFunction(() => Number(document.getElementById('map')!.dataset.reportPoints) > 101, null, {
      timeout: 5_000,
    });
    await page.click('[data-action="replay-play"]');
    expect(await mapData(page, 'latest-id')).not.toBe(earlier.id);
    expect(await page.getAttribute('[data-action="replay-play"]', 'aria-pressed')).toBe('false');

    await page.click('[data-action="replay-live"]');
    await page.waitForSelector(`#map[data-latest-id="${noteId}"][data-report-points="301"]`, { timeout: 5_000 });
    await expect.poll(() => page.textContent('[data-field="distance"]')).toBe(distanceBefore);
    expect(await page.getAttribute('#replay', 'data-mode')).toBe('live');
  });

  it('leaves a hidden report out of the track and the dots, unless hidden and flagged are shown', async () => {
    const hidden = await api(suite.baseUrl, 'PATCH', `/api/v1/caravans/${caravanId}/reports/${history[50]!.id}`, {
      hidden: true,
    });
    expect(hidden.status).toBe(200);
    await page.waitForSelector('#map[data-report-points="300"][data-track-points="300"]', { timeout: 5_000 });

    await page.click('[data-action="show-hidden"]');
    await page.waitForSelector('#map[data-report-points="301"][data-track-points="300"]', { timeout: 5_000 });
    await page.click('[data-action="show-hidden"]');
    await page.waitForSelector('#map[data-report-points="300"]', { timeout: 5_000 });

    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 10_000 });
    await page.screenshot({ path: 'test-results/dashboard-map.png' });
    expect(errors).toEqual([]);
  });
  it('draws the planned route once, not again with every summary, and again when it changes', async () => {
    expect(await mapData(page, 'route-draws')).toBe('1');
    const last = history.at(-1)!;
    for (let step = 1; step <= 3; step++) {
      const id = `route-check-${step}`;
      await post(caravanId, [
        { id, lng: last.lng - 0.01 * step, lat: last.lat, recordedAt: Date.parse(last.recordedAt) + 7_200_000 * step },
      ]);
      await page.waitForSelector(`#map[data-latest-id="${id}"]`, { timeout: 5_000 });
    }
    expect(await mapData(page, 'route-draws')).toBe('1');

    const longer = {
      type: 'LineString',
      coordinates: [...demoRoute.waypoints.map(({ lng, lat }) => [lng, lat]), [-106.4245, 31.6904]],
    };
    expect((await api(suite.baseUrl, 'PATCH', `/api/v1/caravans/${caravanId}`, { route: longer })).status).toBe(200);
    await page.waitForSelector('#map[data-route-draws="2"]', { timeout: 5_000 });
    expect(errors).toEqual([]);
  });
});

/** Report `index` of `count`, spread evenly along the demo route, five minutes apart. */
function spreadReport(index: number, count: number): object {
  const step = (index * (DEMO_STEPS - 1)) / (count - 1);
  const from = demoReport(Math.floor(step));
  const to = demoReport(Math.ceil(step));
  const fraction = step - Math.floor(step);
  return {
    id: `spread-${index}`,
    lng: Number((from.lng + (to.lng - from.lng) * fraction).toFixed(6)),
    lat: Number((from.lat + (to.lat - from.lat) * fraction).toFixed(6)),
    recordedAt: Date.UTC(2023, 11, 24, 13) + index * 5 * 60_000,
    accuracyM: 15,
  };
}

describe('dashboard map with 10,000 reports', () => {
  it('takes them in live, in batches of 500, and the map settles', async () => {
    const caravanId = await createCaravan('Caravana grande');
    const count = 10_000;
    const first = await post(caravanId, [spreadReport(0, count)]);
    const { page, errors } = await openDashboard(caravanId, 1);

    const started = Date.now();
    let drawn = first.filter((report) => !isDoubted(report)).length;
    for (let start = 1; start < count; start += 500) {
      const batch = Array.from({ length: Math.min(500, count - start) }, (_, offset) => spreadReport(start + offset, count));
      drawn += (await post(caravanId, batch)).filter((report) => !isDoubted(report)).length;
    }
    expect(drawn).toBeGreaterThan(9_900);
    await page.waitForSelector(`#map[data-report-points="${drawn}"]`, { timeout: 30_000 });
    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 30_000 });
    const settledMs = Date.now() - started;

    // Framing the whole track draws every dot at once.
    await page.click('[data-action="fit-track"]');
    await page.waitForTimeout(700);
    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 20_000 });
    await page.screenshot({ path: 'test-results/dashboard-map-10k.png' });
    expect(settledMs).toBeLessThan(45_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
