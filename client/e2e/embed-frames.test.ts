import { copyFileSync, mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingAxeViolations } from './axe';
import {
  createPublicCaravan,
  expectedPositionLine,
  history,
  HOUR_MS,
  postReports,
  READER_TIME_ZONE,
  startHostSite,
} from './embed-helpers';
import { useServerAndBrowser } from './suite';
import { startServer } from './server';

const CARAVAN_NAME = 'Caravana Éxodo';
const NOTE = 'Resting in Arriaga; the shelter has water and food.';
const MAP_IDLE = { timeout: 30_000 };
const DISTANCE = {
  en: /^\d{1,3}(,\d{3})* km \(\d{1,3}(,\d{3})* mi\) to the US border in a straight line$/,
  es: /^A \d{1,3}(,\d{3})* km \(\d{1,3}(,\d{3})* mi\) de la frontera con Estados Unidos en línea recta$/,
};
const MAP_LABEL = {
  en: `Map of the approximate route of ${CARAVAN_NAME}`,
  es: `Mapa de la ruta aproximada de ${CARAVAN_NAME}`,
};

let host: Awaited<ReturnType<typeof startHostSite>>;
// The server's clock runs an hour ahead, so the history's fixes have arrived a delay ago.
const suite = useServerAndBrowser(async () => {
  host = await startHostSite();
  return startServer({ PUBLIC_ORIGINS: host.origin, PUBLIC_RELEASE_SECONDS: '1' }, () => Date.now() + HOUR_MS);
});
let caravanId: string;

beforeAll(async () => {
  host.setRumbo(suite.baseUrl);
  caravanId = await createPublicCaravan(suite.baseUrl, 'embed-frames', CARAVAN_NAME);
  await postReports(suite.baseUrl, caravanId, history(Date.now(), NOTE));
});
afterAll(() => host?.server.close());

/** Where an element sits in the frame's own viewport, and whether its text is cut short. */
function boxOf(frame: Frame, selector: string) {
  return frame.$eval(selector, (element) => {
    const { top, bottom, left, right, height } = element.getBoundingClientRect();
    return {
      inside: top >= 0 && left >= 0 && bottom <= window.innerHeight && right <= window.innerWidth,
      height,
      truncated: element.scrollWidth > element.clientWidth,
    };
  });
}

/** An article with the embed in a frame of exactly this size: the host keeps its frame's height (no resize script). */
async function openInFrame(
  width: number,
  height: number,
  lang: 'en' | 'es',
  theme: 'light' | 'dark',
): Promise<{ page: Page; frame: Frame }> {
  const page = await suite.browser.newPage({
    viewport: { width: 1300, height: 900 },
    locale: 'en-US',
    timezoneId: READER_TIME_ZONE,
  });
  const embed = encodeURIComponent(`/embed/${caravanId}?lang=${lang}${theme === 'dark' ? '&theme=dark' : ''}`);
  await page.goto(`${host.origin}/article.html?embed=${embed}&width=${width}&height=${height}&listen=0`);
  const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
  await frame.waitForSelector('#map[data-map-state="idle"]', MAP_IDLE);
  return { page, frame };
}

interface FrameCase {
  width: number;
  height: number;
  lang: 'en' | 'es';
  theme: 'light' | 'dark';
  /** Where the README's picture of this size goes. */
  screenshot?: string;
}

describe('the embed fills the frame it is given', () => {
  it.each<FrameCase>([
    { width: 300, height: 250, lang: 'en', theme: 'light', screenshot: 'docs/embed-300x250.png' },
    { width: 300, height: 250, lang: 'es', theme: 'dark' },
    { width: 640, height: 300, lang: 'es', theme: 'light' },
    { width: 640, height: 480, lang: 'en', theme: 'light', screenshot: 'docs/embed-640x480.png' },
    { width: 280, height: 480, lang: 'es', theme: 'light' },
    { width: 1200, height: 600, lang: 'en', theme: 'dark' },
  ])(
    '$width×$height ($lang, $theme): no scrollbar, the headline, time and delay inside, a map, no serious axe violation',
    async ({ width, height, lang, theme, screenshot }) => {
      const { page, frame } = await openInFrame(width, height, lang, theme);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));

      // The frame does not scroll, either way.
      const scroll = await frame.evaluate(() => {
        const { scrollHeight, clientHeight, scrollWidth, clientWidth } = document.documentElement;
        return { scrollHeight, clientHeight, scrollWidth, clientWidth };
      });
      expect(scroll.clientHeight).toBe(height);
      expect(scroll.scrollHeight).toBeLessThanOrEqual(scroll.clientHeight);
      expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);

      // The headline, the place, and the time of the position with its delay: whole, inside the frame.
      expect((await frame.textContent('[data-field="distance"]'))?.trim()).toMatch(DISTANCE[lang]);
      const {
        latest: { recordedAt },
      } = (await (await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}`)).json()) as {
        latest: { recordedAt: string };
      };
      const pageNow = await frame.evaluate(() => Date.now());
      expect((await frame.textContent('[data-field="as-of"]'))?.trim()).toMatch(expectedPositionLine(recordedAt, pageNow, lang));
      for (const field of ['distance', 'place', 'as-of']) {
        expect(await frame.isVisible(`[data-field="${field}"]`), field).toBe(true);
        expect(await boxOf(frame, `[data-field="${field}"]`), field).toMatchObject({ inside: true, truncated: false });
      }
      // The map has room; in a short frame the safety statement steps aside (the time line says
      // the delay), in a taller one it is there.
      expect((await boxOf(frame, '#map')).height).toBeGreaterThanOrEqual(60);
      expect(await boxOf(frame, '#map')).toMatchObject({ inside: true });
      expect(await frame.isVisible('[data-field="safety"]')).toBe(height >= 360);
      if (height >= 360) expect(await boxOf(frame, '[data-field="safety"]')).toMatchObject({ inside: true });

      // The map is a named region (it holds its own buttons; the words are its text alternative).
      expect(await frame.getByRole('region', { name: MAP_LABEL[lang], exact: true }).count()).toBe(1);
      expect(await blockingAxeViolations(frame)).toEqual([]);
      if (theme === 'dark') {
        // MapLibre's zoom buttons and credits follow the page into the dark.
        const backgrounds = await frame.$$eval('.maplibregl-ctrl-group, .maplibregl-ctrl-attrib', (elements) =>
          elements.map((element) => getComputedStyle(element).backgroundColor),
        );
        expect(backgrounds.length).toBeGreaterThanOrEqual(2);
        for (const background of backgrounds) expect(background).toBe('rgb(31, 42, 53)');
      }

      mkdirSync('test-results', { recursive: true });
      const shot = `test-results/embed-${width}x${height}-${lang}-${theme}.png`;
      await (await page.$('iframe'))!.screenshot({ path: shot });
      // README pictures: refreshed on purpose only (UPDATE_DOCS_SCREENSHOTS=1), never as a side effect of a test run.
      if (screenshot && process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(shot, screenshot);
      expect(errors).toEqual([]);
      await page.close();
    },
    60_000,
  );
});

describe('the words come before the map', () => {
  it('shows the headline, the time and the delay while the MapLibre download is held back, then draws the map', async () => {
    const page = await suite.browser.newPage({
      viewport: { width: 640, height: 480 },
      locale: 'en-US',
      timezoneId: READER_TIME_ZONE,
    });
    let releaseMapLibre: () => void = () => {};
    const held = new Promise<void>((resolve) => (releaseMapLibre = resolve));
    let mapLibreRequested = false;
    await page.route(/\/assets\/maplibre-[\w-]+\.js$/, async (route) => {
      mapLibreRequested = true;
      await held;
      await route.continue();
    });
    await page.goto(`${suite.baseUrl}/embed/${caravanId}`);
    await page.waitForSelector('.embed[data-state="shown"]');
    expect((await page.textContent('[data-field="distance"]'))?.trim()).toMatch(DISTANCE.en);
    expect(await page.textContent('[data-field="as-of"]')).toContain('· delayed by 1 minute on purpose');
    expect(await page.isVisible('[data-field="as-of"]')).toBe(true);
    // The map's code was asked for once the words were there, and has not arrived: no map yet.
    await expect.poll(() => mapLibreRequested).toBe(true);
    expect(await page.getAttribute('#map', 'data-map-state')).toBe('loading');
    expect(await page.$('#map canvas')).toBeNull();

    releaseMapLibre();
    await page.waitForSelector('#map[data-map-state="idle"]', MAP_IDLE);
    expect(await page.$('#map canvas')).not.toBeNull();
    await page.close();
  }, 60_000);
});

describe('the snapshot comes with the page', () => {
  it('is asked for once, as the page arrives, before the page’s script: the script reads the preloaded answer', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 640, height: 480 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${suite.baseUrl}/embed/${caravanId}`);
    await page.waitForSelector('.embed[data-state="shown"]');
    const snapshotPath = `/api/v1/public/caravans/${caravanId}`;
    const script = requested.findIndex((path) => /^\/assets\/embed-[\w-]+\.js$/.test(path));
    expect(script).toBeGreaterThan(0);
    // A preload the script did not match would show as a second request for the same URL.
    expect(requested.filter((path) => path === snapshotPath)).toHaveLength(1);
    expect(requested.indexOf(snapshotPath)).toBeLessThan(script);
    await page.close();
  }, 60_000);
});
