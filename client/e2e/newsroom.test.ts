import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoReport } from '../../server/src/demo/demo-route';
import { ADMIN_TOKEN, api } from './server';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser();

describe('newsroom page', () => {
  it('signs in, renders the map, and shows a report posted through the API without a reload', async () => {
    const caravanId = `e2e-${Date.now().toString(36)}`;
    expect((await api(suite.baseUrl, 'POST', '/api/v1/caravans', { id: caravanId, name: 'Caravana de prueba' })).status).toBe(
      201,
    );
    // Two weeks of the demo route, so the map has a real track to draw.
    const history = Array.from({ length: 300 }, (_, step) => demoReport(step));
    expect((await api(suite.baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, { reports: history })).status).toBe(201);

    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.baseUrl}/?caravan=${caravanId}`);

    // A wrong token is refused with a message; the right one signs in.
    await page.fill('#token', 'not-the-token');
    await page.click('#sign-in button[type="submit"]');
    await expect.poll(() => page.textContent('[data-field="sign-in-error"]')).toContain('not accepted');
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#sign-in button[type="submit"]');

    await page.waitForSelector('#map[data-track-points="300"]', { timeout: 15_000 });
    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('[data-field="connection"]')).toBe('live');
    const distanceBefore = await page.textContent('[data-field="distance"]');
    expect(distanceBefore).toMatch(/km$/);

    // A fix in Juchitán, Oaxaca, a day after the history ends.
    const posted = await api(suite.baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, {
      id: 'e2e-live',
      lng: -95.0262,
      lat: 16.4336,
      recordedAt: Date.parse(history.at(-1)!.recordedAt as string) + 86_400_000,
    });
    expect(posted.status).toBe(201);
    const expectedKm = posted.json.accepted[0]!.report.metrics.distanceToBorderKm;
    const started = Date.now();
    await page.waitForSelector('#map[data-track-points="301"]', { timeout: 5_000 });
    await expect
      .poll(() => page.textContent('[data-field="distance"]'), { timeout: 5_000 })
      .toBe(`${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(expectedKm)} km`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await page.textContent('[data-field="report-count"]')).toBe('301');

    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 15_000 });
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/newsroom.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
