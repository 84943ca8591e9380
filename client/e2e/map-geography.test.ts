import { distanceToBorderKm } from '@rumbo/shared/geo';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, call, openDashboard, postReports, startDashboardServer, uniqueId } from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

type LngLat = [number, number];

const WAIT = { timeout: 120_000 };
const HOUR_MS = 3_600_000;
/** Where the caravan set out: the default origin of every caravan. */
const TAPACHULA: LngLat = [-92.2633, 14.9056];
/** Up the Chiapas coast, a fix every 12 hours, the last one (near Arriaga) 12 hours ago. */
const STOPS: LngLat[] = [
  TAPACHULA,
  [-92.4667, 15.1333], // Huixtla
  [-92.6583, 15.3167], // Escuintla
  [-92.9, 15.4333], // Mapastepec
  [-93.2117, 15.6861], // Pijijiapan
  [-93.7556, 16.0892], // Tonalá
  [-93.9, 16.24], // Arriaga
];
const ARRIAGA = STOPS.at(-1)!;
/** README pictures are refreshed on purpose only, never as a side effect of a test run. */
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

const suite = useServerAndBrowser(startDashboardServer);

/** A public caravan (shown after a minute) that walked from Tapachula to near Arriaga. */
async function createCaravanToArriaga(): Promise<string> {
  const caravanId = uniqueId('geo');
  const created = await call(suite.baseUrl, 'POST', '/api/v1/caravans', {
    id: caravanId,
    name: 'Caravana de Tapachula',
    public: { delayMinutes: 1 },
  });
  expect(created.status).toBe(201);
  const now = Date.now();
  await postReports(
    suite.baseUrl,
    caravanId,
    STOPS.map(([lng, lat], index) => ({
      id: `stop-${index}`,
      lng,
      lat,
      recordedAt: new Date(now - (STOPS.length - index) * 12 * HOUR_MS).toISOString(),
      accuracyM: 30,
    })),
  );
  return caravanId;
}

/** What the map element records of its view each time it settles (client/src/map/record-view.ts). */
interface RecordedView {
  bounds: [west: number, south: number, east: number, north: number];
  towns: string[];
  states: string[];
  countries: string[];
  crossings: string[];
}

async function recordedView(page: Page): Promise<RecordedView> {
  const data = await page.$eval('#map', (map) => ({ ...(map as HTMLElement).dataset }));
  const names = (value: string | undefined) => (value ? value.split('|') : []);
  return {
    bounds: (data.bounds ?? '0,0,0,0').split(',').map(Number) as RecordedView['bounds'],
    towns: names(data.townLabels),
    states: names(data.stateLabels),
    countries: names(data.countryLabels),
    crossings: names(data.crossingLabels),
  };
}

const inside = ([west, south, east, north]: RecordedView['bounds'], [lng, lat]: LngLat) =>
  lng >= west && lng <= east && lat >= south && lat <= north;

/** Waits until the settled map frames all these points, then returns its view. */
async function viewFraming(page: Page, points: LngLat[]): Promise<RecordedView> {
  await expect
    .poll(async () => {
      const { bounds } = await recordedView(page);
      return points.every((point) => inside(bounds, point));
    }, WAIT)
    .toBe(true);
  await page.waitForSelector('#map[data-map-state="idle"]', WAIT);
  return recordedView(page);
}

const legendItems = (page: Page) =>
  page.$$eval('.map-legend li:not([hidden])', (items) => items.map((item) => (item as HTMLElement).dataset.symbol!));
const legendText = (page: Page) => page.textContent('.map-legend ul');

describe('the map has geography: states, towns, countries, a legend, the whole journey in view', () => {
  let caravanId: string;
  /** The US–Mexico border point nearest to the latest fix, as the server measured it. */
  let borderPoint: LngLat;

  beforeAll(async () => {
    caravanId = await createCaravanToArriaga();
    const summary = await call<{ latest: { id: string; metrics: { nearestBorderPoint: LngLat } } }>(
      suite.baseUrl,
      'GET',
      `/api/v1/caravans/${caravanId}`,
    );
    expect(summary.json.latest.id).toBe(`stop-${STOPS.length - 1}`);
    borderPoint = summary.json.latest.metrics.nearestBorderPoint;
    // Arriaga's nearest border point is where the Rio Grande meets the Gulf, some 1,100 km north.
    expect(borderPoint[1]).toBeGreaterThan(25);
  }, WAIT.timeout);

  it(
    'dashboard in English: names, legend and credits; origin, latest and the border ahead in view; Fit track frames the track',
    async () => {
      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}&lang=en`);
      await page.waitForSelector(`#map[data-report-points="${STOPS.length}"]`, WAIT);
      const view = await viewFraming(page, [TAPACHULA, ARRIAGA, borderPoint]);

      expect(
        view.towns.some((town) => town === 'Arriaga' || town === 'Tapachula'),
        view.towns.join(', '),
      ).toBe(true);
      expect(view.states).toEqual(expect.arrayContaining(['Chiapas', 'Oaxaca']));
      expect(view.countries).toContain('Mexico');
      expect(view.countries).not.toContain('México');
      expect(view.towns).toContain('Mexico City');
      // The port of entry ahead keeps its name beside the towns'.
      expect(view.crossings).toContain('Matamoros – Brownsville');
      const credits = await page.textContent('.maplibregl-ctrl-attrib-inner');
      expect(credits).toContain('Natural Earth');
      expect(credits).toContain('GeoNames');

      expect(await page.textContent('.map-legend summary')).toBe('Legend');
      expect(await legendItems(page)).toEqual(['track', 'latest', 'accuracy', 'border', 'crossing']);
      expect(await legendText(page)).toContain('US–Mexico border');
      // Hidden and flagged reports join the key when they are drawn, and leave it with them.
      await page.click('[data-action="show-hidden"]');
      expect(await legendItems(page)).toEqual(['track', 'latest', 'accuracy', 'border', 'crossing', 'flagged', 'hidden']);
      await page.click('[data-action="show-hidden"]');
      expect(await legendItems(page)).not.toContain('flagged');

      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: UPDATE_DOCS ? 'docs/map-en.png' : 'test-results/map-en.png' });

      // "Fit track" still frames the track alone: the border, 1,100 km on, leaves the frame.
      await page.click('[data-action="fit-track"]');
      await expect
        .poll(async () => {
          const { bounds } = await recordedView(page);
          return inside(bounds, TAPACHULA) && inside(bounds, ARRIAGA) && !inside(bounds, borderPoint);
        }, WAIT)
        .toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'dashboard in Spanish: México, the states and the legend in Spanish, the journey in view',
    async () => {
      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}&lang=es`);
      await page.waitForSelector(`#map[data-report-points="${STOPS.length}"]`, WAIT);
      const view = await viewFraming(page, [TAPACHULA, ARRIAGA, borderPoint]);

      expect(
        view.towns.some((town) => town === 'Arriaga' || town === 'Tapachula'),
        view.towns.join(', '),
      ).toBe(true);
      expect(view.states).toEqual(expect.arrayContaining(['Chiapas', 'Oaxaca']));
      expect(view.countries).toContain('México');
      expect(view.countries).not.toContain('Mexico');
      // GeoNames names the capital in English; the Spanish page shows its Spanish name.
      expect(view.towns).toContain('Ciudad de México');
      expect(await page.textContent('.map-legend summary')).toBe('Leyenda');
      expect(await legendText(page)).toContain('Frontera México–Estados Unidos');
      expect(await legendText(page)).toContain('Última posición');

      await page.screenshot({ path: UPDATE_DOCS ? 'docs/map-es.png' : 'test-results/map-es.png' });
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'embed, in English and Spanish: names, legend and credits; the first public position, the latest and the border ahead in view',
    async () => {
      const snapshot = (await (await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}`)).json()) as {
        track: LngLat[];
        latest: { lng: number; lat: number };
      };
      const first = snapshot.track[0]!;
      const latest: LngLat = [snapshot.latest.lng, snapshot.latest.lat];
      // The public positions are grid cells a kilometre or two from the fixes.
      expect(distanceToBorderKm(latest).distanceKm).toBeGreaterThan(1_000);
      const publicBorderPoint = distanceToBorderKm(latest).nearestPoint;

      for (const lang of ['en', 'es'] as const) {
        const page = await suite.browser.newPage({ viewport: { width: 800, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${suite.baseUrl}/embed/${caravanId}?lang=${lang}`);
        await page.waitForSelector('#map[data-map-state="idle"]', WAIT);
        const view = await viewFraming(page, [first, latest, publicBorderPoint]);
        await (await page.$('.embed'))!.screenshot({ path: `test-results/embed-map-${lang}.png` });
        if (UPDATE_DOCS && lang === 'es') copyFileSync(`test-results/embed-map-${lang}.png`, 'docs/embed-map.png');

        expect(
          view.towns.some((town) => town === 'Arriaga' || town === 'Tapachula'),
          view.towns.join(', '),
        ).toBe(true);
        expect(view.states).toEqual(expect.arrayContaining(['Chiapas', 'Oaxaca']));
        expect(view.countries).toContain(lang === 'es' ? 'México' : 'Mexico');
        expect(await legendItems(page)).toEqual(['track', 'area', 'border']);
        expect(await page.textContent('.map-legend summary')).toBe(lang === 'es' ? 'Leyenda' : 'Legend');
        expect(await legendText(page)).toContain(
          lang === 'es' ? 'Zona aproximada de la última posición' : 'Approximate area of the latest position',
        );
        expect((await page.textContent('[data-field="attribution"]'))?.trim()).toBe(
          lang === 'es'
            ? 'Rumbo · Datos del mapa: Natural Earth · Nombres de lugares: GeoNames (CC BY 4.0)'
            : 'Rumbo · Map data: Natural Earth · Place names: GeoNames (CC BY 4.0)',
        );
        expect(errors).toEqual([]);
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
