import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createCaravan,
  demoReportsEndingNow,
  listTotal,
  openDashboard,
  postReports,
  BROWSER_TEST_TIMEOUT_MS,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

/** Clicks an export button and returns the saved file's name and text. */
async function download(page: Page, format: string): Promise<{ name: string; text: string }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${format}"]`)]);
  return { name: saved.suggestedFilename(), text: readFileSync((await saved.path())!, 'utf8') };
}

describe('exports and embed', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('downloads the track as GeoJSON, GPX and CSV with the staff token', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana & "exportada"', 'export');
    const notes = { id: 'formula', lng: -92.3, lat: 14.95, recordedAt: new Date().toISOString(), note: '=HYPERLINK("x"), dijo' };
    await postReports(suite.baseUrl, caravanId, [...demoReportsEndingNow(40, 180), notes]);
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 41);

    const geoJson = await download(page, 'geojson');
    expect(geoJson.name).toBe(`${caravanId}-track.geojson`);
    const collection = JSON.parse(geoJson.text) as { type: string; features: { geometry: { type: string } }[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.filter((feature) => feature.geometry.type === 'Point')).toHaveLength(41);

    const gpx = await download(page, 'gpx');
    expect(gpx.name).toBe(`${caravanId}-track.gpx`);
    expect(gpx.text).toContain('<gpx');
    expect(XMLValidator.validate(gpx.text)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(gpx.text) as {
      gpx: { trk: { name: string; trkseg: { trkpt: unknown[] } } };
    };
    expect(parsed.gpx.trk.name).toBe('Caravana & "exportada"');
    expect(parsed.gpx.trk.trkseg.trkpt).toHaveLength(41);

    const csv = await download(page, 'csv');
    expect(csv.name).toBe(`${caravanId}-track.csv`);
    // A byte order mark first, so Excel on Windows reads the file as UTF-8.
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const lines = csv.text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['id', 'recordedAt', 'receivedAt']);
    expect(lines).toHaveLength(1 + 41);
    expect(await page.textContent('[data-field="export-status"]')).toBe(`Downloaded ${caravanId}-track.csv`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says why an export failed', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana sin exportar', 'export');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.route('**/track.gpx', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests, retry in 20 s' } }),
      }),
    );
    await page.click('[data-export="gpx"]');
    await expect
      .poll(() => page.textContent('[data-field="export-error"]'))
      .toBe('Could not download GPX: too many requests, retry in 20 s');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives the embed code in the chosen language and theme, and copies it', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana "Éxodo" <2024>', 'embed');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.baseUrl });
    await page.click('[data-action="open-embed"]');
    await page.waitForSelector('dialog[data-dialog="embed"][open]');
    const snippet = () => page.inputValue('[data-field="embed-snippet"]');
    // The iframe, then the host's resize listener trusting only this server's messages.
    const listener = `if (event.origin !== '${suite.baseUrl}' || !data || data.type !== 'rumbo:height') return;`;
    const english = `<iframe src="${suite.baseUrl}/embed/${caravanId}?lang=en" title="Caravan tracker: Caravana &quot;Éxodo&quot; &lt;2024&gt;" width="100%" height="480" style="border:0" loading="lazy"></iframe>\n<script>`;
    expect((await snippet()).slice(0, english.length)).toBe(english);
    expect(await snippet()).toContain(listener);
    await page.check('dialog[data-dialog="embed"] input[name="lang"][value="es"]');
    await page.check('dialog[data-dialog="embed"] input[name="theme"][value="dark"]');
    const spanishDark = await snippet();
    const spanish = `<iframe src="${suite.baseUrl}/embed/${caravanId}?lang=es&theme=dark" title="Seguimiento de la caravana: Caravana &quot;Éxodo&quot; &lt;2024&gt;" width="100%" height="480" style="border:0" loading="lazy"></iframe>\n<script>`;
    expect(spanishDark.slice(0, spanish.length)).toBe(spanish);
    expect(spanishDark).toContain(listener);
    // The snippet parses as one iframe whose title is the caravan's name, not markup from it, and one script.
    const title = await page.evaluate((html) => {
      const parsed = new DOMParser().parseFromString(html, 'text/html');
      return [
        [...parsed.querySelectorAll('body > *, head > *')].map((element) => element.tagName),
        parsed.querySelector('iframe')?.title,
      ];
    }, spanishDark);
    expect(title).toEqual([['IFRAME', 'SCRIPT'], 'Seguimiento de la caravana: Caravana "Éxodo" <2024>']);

    await page.click('[data-action="copy-embed"]');
    await expect.poll(() => page.textContent('dialog[data-dialog="embed"] .copy-status')).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(spanishDark);
    await page.click('dialog[data-dialog="embed"] [data-action="close"]');
    await page.waitForSelector('dialog[data-dialog="embed"]:not([open])', { state: 'attached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('selects the embed code for Ctrl+C when the clipboard is refused', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana sin portapapeles', 'embed');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.click('[data-action="open-embed"]');
    await page.click('[data-action="copy-embed"]');
    await expect.poll(() => page.textContent('dialog[data-dialog="embed"] .copy-status')).toMatch(/^Selected: press Ctrl\+C/);
    const selection = await page.$eval('[data-field="embed-snippet"]', (field) => {
      const area = field as HTMLTextAreaElement;
      return [area.selectionStart, area.selectionEnd, area.value.length, document.activeElement === area];
    });
    expect(selection).toEqual([0, selection[2], selection[2], true]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
