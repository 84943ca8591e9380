import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingAxeViolations } from './axe';
import {
  BROWSER_TEST_TIMEOUT_MS,
  createCaravan,
  demoReportsEndingNow,
  openDashboard,
  postReports,
  startDashboardServer,
} from './dashboard-helpers';
import { startServer } from './server';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

const DIALOG = 'dialog[data-dialog="embed"]';
/** A name a careless dialog would run as markup: it must show as these very characters. */
const MARKUP_NAME = 'Caravana <img src=x data-injected> & "Éxodo"';

/** Presses Tab until `selector` has the focus, as a keyboard user reaches it; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let press = 0; press < limit; press++) {
    if (await page.$eval(selector, (element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const value = (page: Page, field: string) => page.inputValue(`${DIALOG} [data-field="${field}"]`);

/** The links to copy, by field, as the dialog shows them. */
async function links(page: Page): Promise<Record<string, string>> {
  const fields = ['embed-image-social', 'embed-image-newsletter', 'embed-image-svg', 'embed-page'];
  return Object.fromEntries(await Promise.all(fields.map(async (field) => [field, await value(page, field)])));
}

/** What every link should be for a caravan, language and theme: written out, not computed by the client's own code. */
function expectedLinks(baseUrl: string, caravanId: string, lang: string, theme: string): Record<string, string> {
  const api = `${baseUrl}/api/v1/public/caravans/${caravanId}`;
  return {
    'embed-image-social': `${api}/map.png?w=1200&h=630&lang=${lang}&theme=${theme}`,
    'embed-image-newsletter': `${api}/map.png?w=600&lang=${lang}&theme=${theme}`,
    'embed-image-svg': `${api}/map.svg?lang=${lang}&theme=${theme}`,
    'embed-page': `${baseUrl}/c/${caravanId}${lang === 'es' ? '?lang=es' : ''}`,
  };
}

/** Each image preview's state once settled, and how wide the picture loaded (0 when it did not). */
async function settledPreviews(page: Page): Promise<{ state: string; naturalWidth: number; alt: string }[]> {
  const previews = await page.$$(`${DIALOG} .embed__image .preview`);
  for (const preview of previews) await preview.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (selector) =>
      [...document.querySelectorAll(selector)].every((preview) => (preview as HTMLElement).dataset.state !== 'loading'),
    `${DIALOG} .embed__image .preview`,
    { timeout: 60_000 },
  );
  return page.$$eval(`${DIALOG} .embed__image .preview`, (figures) =>
    figures.map((figure) => {
      const image = figure.querySelector('img')!;
      return { state: (figure as HTMLElement).dataset.state!, naturalWidth: image.naturalWidth, alt: image.alt };
    }),
  );
}

describe('the Embed dialog', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('opens by keyboard, gives every link for the caravan in the chosen language and theme, copies, passes axe and gives the focus back', async () => {
    const caravanId = await createCaravan(suite.baseUrl, MARKUP_NAME, 'embed-dialog');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30, 180));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.baseUrl });

    await tabTo(page, '[data-action="open-embed"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${DIALOG}[open]`);
    expect(await page.$eval(DIALOG, (dialog) => dialog.contains(document.activeElement))).toBe(true);
    // Modal: Tab goes round the dialog's controls (by way of the browser's own UI), never to the page behind.
    const outside: string[] = [];
    for (let press = 0; press < 40; press++) {
      await page.keyboard.press('Tab');
      const escaped = await page.$eval(DIALOG, (dialog) =>
        dialog.contains(document.activeElement) || document.activeElement === document.body
          ? null
          : document.activeElement!.outerHTML.slice(0, 80),
      );
      if (escaped) outside.push(escaped);
    }
    expect(outside).toEqual([]);

    // The name is text wherever it appears: no element made from it, the same characters back.
    expect(await page.textContent(`${DIALOG} [data-field="embed-caravan"]`)).toBe(MARKUP_NAME);
    expect(await page.$$(`${DIALOG} [data-injected]`)).toEqual([]);
    expect((await settledPreviews(page)).map(({ alt }) => alt)).toEqual(
      Array(3).fill(`Map of ${MARKUP_NAME}: the public, delayed track toward the US border`),
    );

    expect(await links(page)).toEqual(expectedLinks(suite.baseUrl, caravanId, 'en', 'light'));
    expect((await value(page, 'embed-snippet')).split('\n')[0]).toBe(
      `<iframe src="${suite.baseUrl}/embed/${caravanId}?lang=en" title="Caravan tracker: Caravana &lt;img src=x data-injected&gt; &amp; &quot;Éxodo&quot;" width="100%" height="480" style="border:0" loading="lazy"></iframe>`,
    );

    // Keyboard only: the language radios, then the theme's.
    await tabTo(page, `${DIALOG} input[name="lang"]:checked`);
    await page.keyboard.press('ArrowLeft');
    expect(await page.$eval(`${DIALOG} input[name="lang"][value="es"]`, (radio) => (radio as HTMLInputElement).checked)).toBe(
      true,
    );
    expect(await links(page)).toEqual(expectedLinks(suite.baseUrl, caravanId, 'es', 'light'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    expect(await links(page)).toEqual(expectedLinks(suite.baseUrl, caravanId, 'es', 'dark'));
    expect(await value(page, 'embed-snippet')).toContain(`src="${suite.baseUrl}/embed/${caravanId}?lang=es&theme=dark"`);
    expect(await page.getAttribute(`${DIALOG} [data-field="embed-page-open"]`, 'href')).toBe(
      `${suite.baseUrl}/c/${caravanId}?lang=es`,
    );
    // The previews follow the choice, loaded from this server.
    expect(
      await page.$$eval(`${DIALOG} .embed__image img`, (images) => images.map((image) => image.getAttribute('src'))),
    ).toEqual([
      `/api/v1/public/caravans/${caravanId}/map.png?w=1200&h=630&lang=es&theme=dark`,
      `/api/v1/public/caravans/${caravanId}/map.png?w=600&lang=es&theme=dark`,
      `/api/v1/public/caravans/${caravanId}/map.svg?lang=es&theme=dark`,
    ]);

    // Each link has its own named Copy button; Enter copies it and says so beside it.
    for (const [field, label] of [
      ['embed-image-social', 'Social card (1200 × 630)'],
      ['embed-page', 'Page link'],
    ] as const) {
      const copy = `${DIALOG} .copy-field:has([data-field="${field}"]) button.copy`;
      expect(await page.getAttribute(copy, 'aria-label')).toBe(`Copy ${label}`);
      await tabTo(page, copy);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.textContent(`${DIALOG} .copy-field:has([data-field="${field}"]) .copy-status`))
        .toBe('Copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await value(page, field));
    }

    expect(await blockingAxeViolations(page)).toEqual([]);

    // Escape closes it and the focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await page.waitForSelector(`${DIALOG}:not([open])`, { state: 'attached' });
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('open-embed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('previews the server’s map images and shows its sentence, in the language chosen', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con mapa', 'embed-dialog');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30, 180));
    const sentence = async (lang: string) => {
      const response = await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}/summary.txt?lang=${lang}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return (await response.text()).trim();
    };
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.click('[data-action="open-embed"]');
    await page.waitForSelector(`${DIALOG}[open]`);

    const previews = await settledPreviews(page);
    expect(previews.map(({ state }) => state)).toEqual(['loaded', 'loaded', 'loaded']);
    const sizes = await page.$$eval(`${DIALOG} .embed__image img`, (images) =>
      images.map((image) => [(image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight]),
    );
    // The newsletter's height follows at 4:3 (see README "Static map images").
    expect(sizes.slice(0, 2)).toEqual([
      [1200, 630],
      [600, 450],
    ]);
    expect(sizes[2]![0]).toBeGreaterThan(0);

    const english = await sentence('en');
    expect(english.length).toBeGreaterThan(20);
    await page.waitForSelector(`${DIALOG} [data-field="embed-sentence"]`, { state: 'visible' });
    expect(await value(page, 'embed-sentence')).toBe(english);
    expect(await page.textContent(`${DIALOG} [data-field="embed-sentence-status"]`)).toBe('');

    await page.check(`${DIALOG} input[name="lang"][value="es"]`);
    const spanish = await sentence('es');
    expect(spanish).not.toBe(english);
    await expect.poll(() => value(page, 'embed-sentence')).toBe(spanish);
    expect((await settledPreviews(page)).map(({ state }) => state)).toEqual(['loaded', 'loaded', 'loaded']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says a preview or the sentence is not available yet rather than showing a broken image or an error page', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana sin imágenes', 'embed-dialog');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.route('**/map.png?*', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{}}' }),
    );
    await page.route('**/map.svg?*', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{}}' }),
    );
    await page.route('**/summary.txt?*', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' }),
    );
    await page.click('[data-action="open-embed"]');
    await page.waitForSelector(`${DIALOG}[open]`);

    const previews = await settledPreviews(page);
    expect(previews.map(({ state }) => state)).toEqual(['failed', 'failed', 'failed']);
    const failures = await page.$$eval(`${DIALOG} .preview__failed`, (notes) =>
      notes.map((note) => [(note as HTMLElement).hidden, note.textContent]),
    );
    expect(failures).toEqual(Array(3).fill([false, 'Preview not available yet.']));
    expect(
      await page.$$eval(`${DIALOG} .embed__image img`, (images) => images.map((image) => (image as HTMLElement).hidden)),
    ).toEqual([true, true, true]);

    await expect
      .poll(() => page.textContent(`${DIALOG} [data-field="embed-sentence-status"]`))
      .toBe('The sentence is not available yet.');
    expect(await page.isVisible(`${DIALOG} [data-field="embed-sentence"]`)).toBe(false);
    expect(await page.isDisabled(`${DIALOG} .copy-field:has([data-field="embed-sentence"]) button.copy`)).toBe(true);
    expect(await page.textContent(DIALOG)).not.toContain('Bad Gateway');
    // The links are still there to copy: the server may have them by the time a reader follows one.
    expect(await links(page)).toEqual(expectedLinks(suite.baseUrl, caravanId, 'en', 'light'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives links on PUBLIC_BASE_URL when the server has one, and still previews from the dashboard’s own server', async () => {
    const publicOrigin = 'https://rumbo.example';
    const { app, baseUrl } = await startServer({ MAX_EVENT_LOOP_DELAY_MS: '30000', PUBLIC_BASE_URL: publicOrigin });
    try {
      const caravanId = await createCaravan(baseUrl, 'Caravana detrás de un proxy', 'embed-dialog');
      const { page, errors } = await openDashboard(suite.browser, baseUrl, `/?caravan=${caravanId}`);
      await page.click('[data-action="open-embed"]');
      await page.waitForSelector(`${DIALOG}[open]`);
      expect(await links(page)).toEqual(expectedLinks(publicOrigin, caravanId, 'en', 'light'));
      const snippet = await value(page, 'embed-snippet');
      expect(snippet).toContain(`<iframe src="${publicOrigin}/embed/${caravanId}?lang=en"`);
      // The host's listener trusts the embed's messages from the origin the embed is served at.
      expect(snippet).toContain(`if (event.origin !== '${publicOrigin}' ||`);
      expect(
        await page.$$eval(`${DIALOG} .embed__image img`, (images) => images.map((image) => image.getAttribute('src'))),
      ).toEqual([
        `/api/v1/public/caravans/${caravanId}/map.png?w=1200&h=630&lang=en&theme=light`,
        `/api/v1/public/caravans/${caravanId}/map.png?w=600&lang=en&theme=light`,
        `/api/v1/public/caravans/${caravanId}/map.svg?lang=en&theme=light`,
      ]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('fits a phone’s width and keeps every control reachable', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana en el teléfono', 'embed-dialog');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.setViewportSize({ width: 360, height: 740 });
    // The tools are in the panel, folded into a sheet on a phone: unfold it, then open the dialog.
    await tabTo(page, '[data-action="toggle-sheet"]');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-action="open-embed"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${DIALOG}[open]`);
    const box = await page.$eval(DIALOG, (dialog) => {
      const rect = dialog.getBoundingClientRect();
      return { left: rect.left, right: rect.right, scrollWidth: dialog.scrollWidth, clientWidth: dialog.clientWidth };
    });
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(360);
    expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
    expect(await blockingAxeViolations(page)).toEqual([]);
    await tabTo(page, `${DIALOG} [data-action="close"]`);
    expect(
      await page.$eval(`${DIALOG} [data-action="close"]`, (button) => button.getBoundingClientRect().right),
    ).toBeLessThanOrEqual(360);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${DIALOG}:not([open])`, { state: 'attached' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
