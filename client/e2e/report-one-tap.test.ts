import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingAxeViolations } from './axe';
import { LATEST, latestState, reportPage, tapSend, TEST_TIMEOUT_MS, textOf, WAIT } from './report-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser();
const { reporterFor, storedReports, phone, openWithLink } = reportPage(suite);

/** A fix good to 25 m, as a phone in a street gives. */
const STREET_FIX = { latitude: 14.9056, longitude: -92.2633, accuracy: 25 };
const PENDING = '[data-field="pending"]';

/** What the focused element is: a page that lost focus answers BODY. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.dataset.action ?? active?.dataset.field ?? active?.id ?? active?.tagName ?? 'none';
  });

/** Every state the line under the button goes through, recorded in the page as it changes. */
async function recordLatestStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const line = document.querySelector<HTMLElement>(selector)!;
    const seen: string[] = [];
    (window as unknown as { latestStates: string[] }).latestStates = seen;
    new MutationObserver(() => {
      const state = line.dataset.state ?? '';
      if (seen.at(-1) !== state) seen.push(state);
    }).observe(line, { attributes: true, attributeFilter: ['data-state'] });
  }, LATEST);
  return () => page.evaluate(() => (window as unknown as { latestStates: string[] }).latestStates);
}

/** Holds the reports POSTs until `release()` is called, then lets each through to the server. */
async function holdPosts(page: Page, caravanId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/v1/caravans/${caravanId}/reports`, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

describe('reporter page: one tap', () => {
  it(
    'one tap queues the report, announces the accuracy, keeps focus on Undo, and the line goes queued → sending → "Sent hh:mm"; the server has it once',
    async () => {
      const { caravanId, token } = await reporterFor('Elena (Tapachula)');
      const context = await phone('block', STREET_FIX);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await openWithLink(page, token);
      expect(await blockingAxeViolations(page)).toEqual([]);
      const states = await recordLatestStates(page);
      const release = await holdPosts(page, caravanId);

      const id = await tapSend(page);
      // The accuracy is said in a polite live region; focus went to Undo, not to the page.
      const announced = page
        .locator('[aria-live="polite"], [role="status"]')
        .filter({ hasText: 'Position found, accurate to 25 m.' });
      expect(await announced.count()).toBe(1);
      expect(['undo', 'report-status']).toContain(await focused(page));
      expect(await page.getAttribute(PENDING, 'data-count')).toBe('1');
      expect(await textOf(page, PENDING)).toBe('1 waiting');

      await expect.poll(() => latestState(page), WAIT).toBe('sending');
      expect(await textOf(page, LATEST)).toBe('Sending…');
      release();
      await expect.poll(() => latestState(page), WAIT).toBe('sent');
      expect(await textOf(page, LATEST)).toMatch(/^Sent \d{1,2}:\d{2}( [AP]M)?$/);
      expect(await textOf(page, '[data-part="latest"]')).not.toContain('Saved on this phone');
      expect(await states()).toEqual(expect.arrayContaining(['held', 'sending', 'sent']));
      const order = await states();
      expect(order.indexOf('held')).toBeLessThan(order.indexOf('sending'));
      expect(order.indexOf('sending')).toBeLessThan(order.indexOf('sent'));
      await expect.poll(() => page.getAttribute(PENDING, 'data-count'), WAIT).toBe('0');
      expect(await page.isVisible(PENDING)).toBe(false);

      const stored = await storedReports(caravanId);
      expect(stored.map((report) => report.id)).toEqual([id]);
      expect(await focused(page)).not.toBe('BODY');
      expect(await blockingAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Undo within the window leaves nothing on the server and keeps focus on the line; a note added after the tap goes with the report',
    async () => {
      const { caravanId, token } = await reporterFor('Fer (Huixtla)');
      const context = await phone('block');
      const page = await context.newPage();
      await page.clock.install();
      await openWithLink(page, token);
      // The page's clock stands still: on a busy machine the 5 s window must not run out between the tap and the click.
      await page.clock.pauseAt(Date.now() + 1_000);

      // Undo: the report leaves the phone's queue before it was ever sent.
      const undone = await tapSend(page);
      await page.click('[data-action="undo"]');
      await expect.poll(() => latestState(page), WAIT).toBe('undone');
      expect(await textOf(page, LATEST)).toBe('Undone: nothing was sent.');
      expect(await focused(page)).toBe('report-status');
      expect(await page.getAttribute(PENDING, 'data-count')).toBe('0');

      // Then a tap, a note added after it: the report waits for the note and goes with it.
      const noted = await tapSend(page);
      await page.click('[data-action="add-note"]');
      await expect.poll(() => focused(page), WAIT).toBe('note');
      await expect.poll(() => textOf(page, '[data-field="report-when"]'), WAIT).toContain('goes without the note at');
      await page.fill('#note', 'Cruzamos el río Suchiate; unas 200 personas.');
      await page.fill('#headcount', '200');
      await page.click('[data-action="attach-note"]');
      await expect.poll(() => latestState(page), WAIT).toBe('sent');
      expect(await focused(page)).not.toBe('BODY');
      expect(await page.inputValue('#note')).toBe('');

      // Sent oldest first and nothing is left on the phone: the undone report can never follow.
      const stored = await storedReports(caravanId);
      expect(stored.map((report) => report.id)).toEqual([noted]);
      expect(stored[0]).toMatchObject({ note: 'Cruzamos el río Suchiate; unas 200 personas.', headcount: 200 });
      expect(stored.map((report) => report.id)).not.toContain(undone);
      expect(await page.locator(`[data-list="queued"] li`).count()).toBe(0);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the header counts what waits: offline it grows, online it drains to none (in Spanish too)',
    async () => {
      const { caravanId, token } = await reporterFor('Gabi (Escuintla)');
      const context = await phone();
      const page = await context.newPage();
      await openWithLink(page, token, '?lang=es');
      expect(await page.isVisible(PENDING)).toBe(false);
      expect(await blockingAxeViolations(page)).toEqual([]);

      await context.setOffline(true);
      await tapSend(page);
      await tapSend(page);
      expect(await page.getAttribute(PENDING, 'data-count')).toBe('2');
      expect(await textOf(page, PENDING)).toBe('2 por enviar');
      await expect.poll(() => latestState(page), WAIT).toBe('offline');
      expect(await textOf(page, LATEST)).toBe('Guardado en este teléfono; se envía en cuanto haya conexión.');
      expect(await blockingAxeViolations(page)).toEqual([]);

      await context.setOffline(false);
      await expect.poll(() => page.getAttribute(PENDING, 'data-count'), WAIT).toBe('0');
      expect(await page.isVisible(PENDING)).toBe(false);
      await expect.poll(() => latestState(page), WAIT).toBe('sent');
      expect(await textOf(page, LATEST)).toMatch(/^Enviado \d{1,2}:\d{2}/);
      expect(await storedReports(caravanId)).toHaveLength(2);
      expect(await blockingAxeViolations(page)).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a post that gets no answer times out, says it is trying again (Try now), and the same report id is stored once',
    async () => {
      const { caravanId, token } = await reporterFor('Hugo (Huehuetán)');
      const context = await phone('block');
      const page = await context.newPage();
      const posted: string[][] = [];
      await page.route(`**/api/v1/caravans/${caravanId}/reports`, async (route) => {
        posted.push((route.request().postDataJSON() as { reports: { id: string }[] }).reports.map((report) => report.id));
        // The first try hangs like a weak signal: no answer ever comes.
        if (posted.length === 1) return;
        await route.continue();
      });
      await openWithLink(page, token);

      const id = await tapSend(page);
      // Read in one go: the automatic retry comes 1–2 s after the timeout and may end the waiting at any moment.
      const waiting = await page.waitForFunction(
        (selector) => {
          const line = document.querySelector<HTMLElement>(selector)!;
          if (line.dataset.state !== 'waiting') return false;
          return {
            status: line.textContent,
            when: document.querySelector('[data-field="report-when"]')!.textContent,
            tryNow: !document.querySelector<HTMLElement>('[data-action="try-now"]')!.hidden,
            pending: document.querySelector<HTMLElement>('[data-field="pending"]')!.dataset.count,
          };
        },
        LATEST,
        { timeout: 60_000 },
      );
      expect(await waiting.jsonValue()).toEqual({
        status: 'No answer from the server. Saved on this phone.',
        when: expect.stringMatching(/^Trying again in \d+ s\.$/),
        tryNow: true,
        pending: '1',
      });
      // Try now (dispatched: the button may already be gone if the automatic retry came first; then it sends nothing more).
      await page.locator('[data-action="try-now"]').dispatchEvent('click');
      await expect.poll(() => latestState(page), WAIT).toBe('sent');
      expect(posted).toEqual([[id], [id]]);
      const stored = await storedReports(caravanId);
      expect(stored.map((report) => report.id)).toEqual([id]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sign out asks first, warns when reports wait, and cancelling keeps the session; signed out, the reports stay for the next sign-in',
    async () => {
      const { caravanId, token } = await reporterFor('Iris (Tapachula)');
      const context = await phone();
      const page = await context.newPage();
      await openWithLink(page, token);
      await context.setOffline(true);
      await tapSend(page);

      // Far from the caravan picker: at the bottom, after the outbox.
      const below = await page.evaluate(() => {
        const signOut = document.querySelector('[data-action="sign-out"]')!.getBoundingClientRect();
        return signOut.top > document.querySelector('.who')!.getBoundingClientRect().bottom + 200;
      });
      expect(below).toBe(true);

      await page.click('[data-action="sign-out"]');
      await page.waitForSelector('[data-part="sign-out"][open]', WAIT);
      expect(await textOf(page, '[data-field="sign-out-waiting"]')).toBe(
        'One report is still waiting to be sent. It stays on this phone and goes only once Iris (Tapachula) signs in here again.',
      );
      expect(await textOf(page, '[data-action="confirm-sign-out"]')).toBe('Sign out anyway');
      // Staying is the default: the dialog opens on it.
      expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement).value)).toBe('stay');
      expect(await blockingAxeViolations(page)).toEqual([]);
      await page.click('button[value="stay"]');
      await page.waitForSelector('[data-part="sign-out"]:not([open])', { ...WAIT, state: 'attached' });
      expect(await focused(page)).toBe('sign-out');
      expect(await page.isVisible('#reporter')).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('rumbo.report.token'))).toBe(token);

      await page.click('[data-action="sign-out"]');
      await page.click('[data-action="confirm-sign-out"]');
      await page.waitForSelector('#sign-in:not([hidden])', WAIT);
      expect(await focused(page)).toBe('token');
      expect(await page.locator('[data-list="queued"] li').count()).toBe(1);

      // The same reporter signs in again, online: the report that waited goes.
      await context.setOffline(false);
      await page.fill('#token', token);
      await page.click('#sign-in button[type="submit"]');
      await page.waitForSelector('#reporter:not([hidden])', WAIT);
      await expect.poll(() => page.getAttribute(PENDING, 'data-count'), WAIT).toBe('0');
      expect(await storedReports(caravanId)).toHaveLength(1);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );
});
