import { copyFileSync, mkdirSync } from 'node:fs';
import type { CaravanSummary } from '@rumbo/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatDistance } from '../src/lib/units';
import { blockingAxeViolations } from './axe';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  demoReportsEndingNow,
  openDashboard,
  postReports,
  startDashboardServer,
  type StoredReport,
} from './dashboard-helpers';
import { openDashboardAt, PHONES } from './dashboard-viewport';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);
const WAIT = { timeout: 120_000 };

/** The map's own controls and ours on it, each named by a selector. */
const MAP_CONTROLS = [
  '.maplibregl-ctrl-zoom-in',
  '.maplibregl-ctrl-zoom-out',
  '[data-action="fit-track"]',
  '[data-action="follow-latest"]',
  '[data-action="show-hidden"]',
  '.map-legend summary',
  '.maplibregl-ctrl-attrib-button',
];

/** The controls that a tap at their centre would not reach (something else lies on top there). */
const unreachable = (page: Page, selectors: readonly string[]) =>
  page.evaluate((all) => {
    const blocked: string[] = [];
    for (const selector of all) {
      const control = document.querySelector<HTMLElement>(selector);
      if (!control) {
        blocked.push(`${selector} (missing)`);
        continue;
      }
      const box = control.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const inView = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
      if (!inView || !hit || !control.contains(hit))
        blocked.push(`${selector} (under ${hit?.id || hit?.className || 'nothing'})`);
    }
    return blocked;
  }, selectors);

/** How far the page lays out past the screen's width (0: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/** The replay bar's parts that stick out of the screen. */
const replayPartsOutside = (page: Page) =>
  page.$$eval('#replay, #replay > *', (parts) =>
    parts
      .filter((part) => {
        const box = part.getBoundingClientRect();
        return box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight;
      })
      .map((part) => part.className),
  );

const expanded = (page: Page) => page.getAttribute('[data-action="toggle-sheet"]', 'aria-expanded');

/**
 * Fits the map to the track and answers where the track's reports land on screen and where the
 * covered bottom (the replay bar on the sheet) begins, from the bounds the map settles on.
 */
async function fitTrack(page: Page, reports: readonly StoredReport[]): Promise<{ ys: number[]; xs: number[]; dockTop: number }> {
  const before = await page.getAttribute('#map', 'data-bounds');
  await page.click('[data-action="fit-track"]');
  await page.waitForFunction(
    (previous) => {
      const map = document.getElementById('map')!;
      return map.dataset.bounds !== previous && map.dataset.camera === 'still' && map.dataset.mapState === 'idle';
    },
    before,
    WAIT,
  );
  return page.evaluate((points) => {
    const map = document.getElementById('map')!;
    const [west, south, east, north] = map.dataset.bounds!.split(',').map(Number);
    const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    const { width, height } = map.getBoundingClientRect();
    const tops = ['panel', 'replay'].map((id) => document.getElementById(id)!.getBoundingClientRect().top);
    return {
      xs: points.map(({ lng }) => ((lng - west!) / (east! - west!)) * width),
      ys: points.map(({ lat }) => ((mercatorY(north!) - mercatorY(lat)) / (mercatorY(north!) - mercatorY(south!))) * height),
      dockTop: Math.min(...tops),
    };
  }, reports);
}

describe('dashboard on a phone', () => {
  it.each(PHONES)(
    'at $width×$height: a bottom sheet that folds, map controls clear of it, a replay bar that fits',
    async (viewport) => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana del Sur con un nombre bastante largo', 'phone');
      const reports = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(80));
      const { page, errors } = await openDashboardAt(suite.browser, `${suite.baseUrl}/?caravan=${caravanId}`, { viewport });
      await page.waitForSelector('#replay:not([hidden])', WAIT);
      await page.waitForSelector('.map-toolbar', WAIT);

      // Folded by default: the header with the headline in one line (the time alone today, with its date on another day), the rest put away.
      expect(await expanded(page)).toBe('false');
      const summary = (await call<CaravanSummary>(suite.baseUrl, 'GET', `/api/v1/caravans/${caravanId}`)).json;
      const distance = formatDistance(summary.metrics.distanceToBorderKm, 'km', 'en-US');
      const line = await page.textContent('[data-field="sheet-summary"]');
      expect(line!.startsWith(`${distance} to the border · latest `)).toBe(true);
      expect(line!.slice(`${distance} to the border · latest `.length)).toMatch(
        /^([A-Z][a-z]{2} \d{1,2}, )?\d{1,2}:\d\d\s[AP]M\s\S+$/,
      );
      expect(await page.isVisible('[data-field="sheet-summary"]')).toBe(true);
      expect(await page.isVisible('[data-field="caravan-select"]')).toBe(false);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await replayPartsOutside(page)).toEqual([]);
      expect(await unreachable(page, MAP_CONTROLS)).toEqual([]);
      expect(await blockingAxeViolations(page)).toEqual([]);
      // Framing the track keeps it above the replay bar and the sheet.
      const folded = await fitTrack(page, reports);
      expect(Math.max(...folded.ys)).toBeLessThan(folded.dockTop);
      expect(Math.min(...folded.ys)).toBeGreaterThan(0);
      expect(Math.min(...folded.xs)).toBeGreaterThan(0);
      expect(Math.max(...folded.xs)).toBeLessThan(viewport.width);

      // A tap unfolds it: the whole panel, scrolling inside the sheet, the map's controls still free.
      await page.click('[data-action="toggle-sheet"]');
      expect(await expanded(page)).toBe('true');
      await page.waitForSelector('[data-field="caravan-select"]', { state: 'visible' });
      expect(await page.isVisible('[data-field="sheet-summary"]')).toBe(false);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await replayPartsOutside(page)).toEqual([]);
      expect(await unreachable(page, MAP_CONTROLS)).toEqual([]);
      expect(await blockingAxeViolations(page)).toEqual([]);
      const unfolded = await fitTrack(page, reports);
      expect(Math.max(...unfolded.ys)).toBeLessThan(unfolded.dockTop);
      expect(Math.min(...unfolded.ys)).toBeGreaterThan(0);

      // The keyboard folds and unfolds it too, Enter and Space alike.
      await page.focus('[data-action="toggle-sheet"]');
      await page.keyboard.press('Enter');
      expect(await expanded(page)).toBe('false');
      await page.waitForSelector('[data-field="caravan-select"]', { state: 'hidden' });
      await page.keyboard.press('Space');
      expect(await expanded(page)).toBe('true');
      await page.waitForSelector('[data-field="caravan-select"]', { state: 'visible' });

      // Remembered for the session: a reload opens it as it was left.
      await page.reload();
      await page.waitForSelector('[data-field="connection"][data-state="live"]', WAIT);
      expect(await expanded(page)).toBe('true');
      expect(await page.isVisible('[data-field="caravan-select"]')).toBe(true);

      // A link into the folded sheet (a skip link) unfolds it on the way, and its target takes focus.
      await page.click('[data-action="toggle-sheet"]');
      expect(await expanded(page)).toBe('false');
      await page.evaluate(() => {
        const link = Object.assign(document.createElement('a'), { href: '#caravan-select', textContent: 'Caravan' });
        link.dataset.test = 'skip';
        document.body.prepend(link);
      });
      await page.focus('[data-test="skip"]');
      await page.keyboard.press('Enter');
      expect(await expanded(page)).toBe('true');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('caravan-select');
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'docs picture at 390×844, the sheet as it opens',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana del Sur', 'phone');
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(300));
      const { page, errors } = await openDashboardAt(suite.browser, `${suite.baseUrl}/?caravan=${caravanId}`, {
        viewport: PHONES[0],
      });
      await page.waitForSelector('#map[data-map-state="idle"]', WAIT);
      expect(await expanded(page)).toBe('false');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/dashboard-phone.png' });
      // README picture: refreshed on purpose only (UPDATE_DOCS_SCREENSHOTS=1), never as a side effect of a test run.
      if (process.env.UPDATE_DOCS_SCREENSHOTS === '1')
        copyFileSync('test-results/dashboard-phone.png', 'docs/dashboard-phone.png');
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'leaves the desktop as it was: no fold, the whole panel beside the map',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana de escritorio', 'phone');
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(20));
      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
      expect(await page.isVisible('[data-action="toggle-sheet"]')).toBe(false);
      expect(await page.isVisible('[data-field="sheet-summary"]')).toBe(false);
      expect(await page.isVisible('[data-field="caravan-select"]')).toBe(true);
      const panel = await page.$eval('#panel', (element) => element.getBoundingClientRect().toJSON() as DOMRect);
      expect({ left: panel.left, top: panel.top, width: panel.width }).toEqual({ left: 12, top: 12, width: 360 });
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
