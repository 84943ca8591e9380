import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingAxeViolations } from './axe';
import { api, startServer } from './server';
import { useServerAndBrowser } from './suite';

const HOUR_MS = 3_600_000;
/** A name as a user may type it: shown as text, never run. */
const HOSTILE_NAME = 'Caravana <script>alert(1)</script> "Éxodo"';

/** The server's public release an hour ahead of the real clock: fixes posted now are long past the delay. */
const suite = useServerAndBrowser(() => startServer({}, () => Date.now() + HOUR_MS));

/** A public caravan whose hourly fixes walk into Arriaga, Chiapas. */
async function arriagaCaravan(): Promise<string> {
  const caravanId = `share-${Date.now().toString(36)}`;
  expect((await api(suite.baseUrl, 'POST', '/api/v1/caravans', { id: caravanId, name: HOSTILE_NAME })).status).toBe(201);
  const reports = [3, 2, 1, 0].map((hoursBefore, i) => ({
    id: `a${i}`,
    lng: -93.9012 + hoursBefore * 0.031,
    lat: 16.2371 - hoursBefore * 0.027,
    recordedAt: new Date(Date.now() - (hoursBefore + 1) * HOUR_MS).toISOString(),
  }));
  expect((await api(suite.baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, { reports })).status).toBe(201);
  return caravanId;
}

/** How far the page lays out past the screen's width (0: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

describe('the share page /c/:caravanId in Chromium', () => {
  it('passes axe-core, fits a phone without sideways scrolling, and runs nothing the name holds', async () => {
    const caravanId = await arriagaCaravan();
    for (const [viewport, lang] of [
      [{ width: 360, height: 740 }, 'en'],
      [{ width: 320, height: 640 }, 'es'],
      [{ width: 1280, height: 800 }, 'en'],
    ] as const) {
      const page = await suite.browser.newPage({ viewport });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      try {
        await page.goto(`${suite.baseUrl}/c/${caravanId}${lang === 'es' ? '?lang=es' : ''}`);
        expect(await page.locator('h1').textContent()).toBe(HOSTILE_NAME);
        const sentence = await (
          await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}/summary.txt?lang=${lang}`)
        ).text();
        expect(sentence).toMatch(lang === 'es' ? /cerca de Arriaga, Chiapas/ : /near Arriaga, Chiapas/);
        expect(await page.locator('img.share__map').getAttribute('alt')).toBe(sentence);
        // The static map loads from its own route, under the page's CSP, at the card's size.
        await page.waitForFunction(() => document.querySelector<HTMLImageElement>('img.share__map')?.complete);
        expect(await page.locator('img.share__map').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1200);
        expect(await page.locator('.share__sentence').textContent()).toBe(sentence);
        expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px'); // the stylesheet applied under the CSP
        expect(await blockingAxeViolations(page), `${viewport.width}px ${lang}`).toEqual([]);
        expect(await overflow(page), `${viewport.width}px`).toBeLessThanOrEqual(0);
        expect(dialogs).toEqual([]);
        expect(violations).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it("gives the embed the sentence as its map's description, and the built page its social card", async () => {
    const caravanId = await arriagaCaravan();
    const page = await suite.browser.newPage({ viewport: { width: 640, height: 480 } });
    try {
      await page.goto(`${suite.baseUrl}/embed/${caravanId}?lang=es`);
      const sentence = await (await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}/summary.txt?lang=es`)).text();
      await page.waitForFunction(() => document.getElementById('map-summary')?.textContent !== '');
      expect(await page.locator('#map').getAttribute('aria-describedby')).toBe('map-summary');
      expect(await page.locator('#map-summary').textContent()).toBe(sentence);
      expect(await page.locator('meta[property="og:description"]').getAttribute('content')).toBe(sentence);
      expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
      expect(await page.locator('link[type="application/json+oembed"]').getAttribute('href')).toBe(
        `${suite.baseUrl}/oembed?url=${encodeURIComponent(`${suite.baseUrl}/embed/${caravanId}?lang=es`)}&format=json`,
      );
    } finally {
      await page.close();
    }
  });
});
