import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoReport } from '../../server/src/demo/demo-route';
import { axeViolations, blockingAxeViolations } from './axe';
import {
  createCaravan,
  demoReportsEndingNow,
  listedIds,
  listTotal,
  openDashboard,
  postReports,
  BROWSER_TEST_TIMEOUT_MS,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const row = (id: string) => `[data-field="report-list"] > li[data-report-id="${id}"]`;
const SLIDER = '[data-field="replay-slider"]';

/** What has focus: its report row (if any), its action, and whether it is the page's body. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      body: element === document.body || element === null,
      reportId: element?.closest<HTMLElement>('[data-field="report-list"] [data-report-id]')?.dataset.reportId ?? null,
      action: element?.dataset.action ?? null,
      field: element?.dataset.field ?? null,
      popup: element?.classList.contains('report-popup') ?? false,
      text: element?.textContent ?? '',
    };
  });

const sliderValue = async (page: Page) => Number(await page.inputValue(SLIDER));

/** The slider's value after a key press (the replay bar redraws in the same task as the key). */
async function press(page: Page, key: string): Promise<number> {
  const before = await page.getAttribute(SLIDER, 'aria-valuetext');
  await page.keyboard.press(key);
  await expect.poll(() => page.getAttribute(SLIDER, 'aria-valuetext')).not.toBe(before);
  return sliderValue(page);
}

/** The month name and day a moment falls on, and its minutes, in the page's own time zone. */
const localParts = (page: Page, ms: number) =>
  page.evaluate((at) => {
    const date = new Date(at);
    return { month: date.getMonth(), day: date.getDate(), minutes: String(date.getMinutes()).padStart(2, '0') };
  }, ms);

const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
};

describe('the dashboard from the keyboard and a screen reader', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('skip links reach the replay slider in a few Tabs; its keys step by minutes, hours and to the ends, and it reads a date (EN and ES)', async () => {
    // Three days of demo walking: 2 days 7 h 40 min from the first fix to the last.
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana por teclado');
    const reports = await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(72));
    const start = Date.parse(reports[0]!.recordedAt);
    const end = Date.parse(reports.at(-1)!.recordedAt);
    for (const lang of ['en', 'es'] as const) {
      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}&lang=${lang}`);
      await page.waitForSelector('#replay:not([hidden])');
      // From the top of the page: Tab to "Skip to replay" (the second link), Enter, and the slider has focus.
      const skipText = lang === 'en' ? 'Skip to replay' : 'Ir a la repetición';
      for (let tabs = 1; (await focused(page)).text !== skipText; tabs++) {
        expect(tabs).toBeLessThanOrEqual(3);
        await page.keyboard.press('Tab');
      }
      expect(await page.isVisible(`.skip-links a[href="#replay"]`)).toBe(true);
      await page.keyboard.press('Enter');
      expect((await focused(page)).field).toBe('replay-slider');

      // Live, the slider says so, with the newest fix's date.
      expect(await page.getAttribute(SLIDER, 'aria-valuetext')).toMatch(lang === 'en' ? /^Latest fix: / : /^Último registro: /);

      // Over days, an arrow moves 10 minutes (on the clock's tens), PageUp 3 hours, Home and End to the ends.
      expect(await press(page, 'Home')).toBe(start);
      const firstTen = await press(page, 'ArrowRight');
      expect(firstTen - start).toBeGreaterThan(0);
      expect(firstTen - start).toBeLessThanOrEqual(10 * MINUTE);
      expect(await press(page, 'ArrowRight')).toBe(firstTen + 10 * MINUTE);
      const firstPage = await press(page, 'PageUp');
      expect(firstPage - (firstTen + 10 * MINUTE)).toBeLessThanOrEqual(3 * HOUR);
      expect(await press(page, 'PageUp')).toBe(firstPage + 3 * HOUR);
      expect(await press(page, 'ArrowLeft')).toBe(firstPage + 3 * HOUR - 10 * MINUTE);
      expect(await press(page, 'PageDown')).toBe(firstPage);
      expect(await press(page, 'End')).toBe(end);
      expect(await page.getAttribute('#replay', 'data-mode')).toBe('replay');

      // Read as a date and time in the page's language, never as milliseconds.
      await press(page, 'Home');
      const text = (await page.getAttribute(SLIDER, 'aria-valuetext'))!;
      const { month, day, minutes } = await localParts(page, start);
      expect(text).toContain(MONTHS[lang][month]);
      expect(text).toMatch(new RegExp(`\\b${day}\\b`));
      expect(text).toContain(`:${minutes}`);
      expect(text).not.toMatch(/\d{6,}/);

      // The other two: the map's canvas (its arrow keys pan) and the reports section.
      await page.focus('.skip-links a[href="#map"]');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('maplibregl-canvas'))).toBe(true);
      await page.focus('.skip-links a[href="#reports"]');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('reports');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('hiding or restoring a report from the keyboard keeps focus in the list: the next row, the same row, else the count', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana moderada por teclado');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(5));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 5);
    const [, second, third] = await listedIds(page);

    // Under "Visible" the hidden row leaves the list: its Hide hands focus to the next row's Hide.
    await page.focus(`${row(second!)} [data-action="hide"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(row(second!), { state: 'detached' });
    await expect.poll(() => focused(page)).toMatchObject({ body: false, reportId: third, action: 'hide' });

    // Shown with the hidden ones, the row stays: focus moves to its new Hide once Restore is done.
    await page.selectOption('[data-filter="visibility"]', 'all');
    await listTotal(page, 5);
    await page.focus(`${row(second!)} [data-action="restore"]`);
    await page.keyboard.press(' ');
    await page.waitForSelector(`${row(second!)} [data-action="hide"]`);
    await expect.poll(() => focused(page)).toMatchObject({ body: false, reportId: second, action: 'hide' });

    // The last row of a list gone: focus on the count, which says there is nothing left.
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${row(second!)} [data-action="restore"]`);
    await page.selectOption('[data-filter="visibility"]', 'hidden');
    await listTotal(page, 1);
    await page.focus(`${row(second!)} [data-action="restore"]`);
    await page.keyboard.press('Enter');
    await listTotal(page, 0);
    await expect.poll(() => focused(page)).toMatchObject({ body: false, field: 'list-count', text: 'No reports match.' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a report pop-up opened from the keyboard takes focus, closes on Escape, and gives focus back to its row', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con ventana');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(6));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 6);
    const [, target] = await listedIds(page);
    await page.focus(`${row(target!)} [data-action="select"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.maplibregl-popup .report-popup[data-report-id="${target}"]`);
    await expect.poll(() => focused(page)).toMatchObject({ popup: true });
    expect(await page.getAttribute('.report-popup', 'role')).toBe('dialog');
    expect(await page.getAttribute('.report-popup', 'aria-label')).toMatch(/^Report of /);
    expect(await blockingAxeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await page.waitForSelector('.maplibregl-popup', { state: 'detached' });
    await expect.poll(() => focused(page)).toMatchObject({ body: false, reportId: target, action: 'select' });
    expect(await page.$(`${row(target!)}[aria-current="true"]`)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the live region says how the distance moved when a report moves it, and never the report count', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana anunciada');
    // The walk stopped ten hours ago; the next fix, six steps (8 km) on, is no implausible jump.
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(40, 600));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await listTotal(page, 40);
    const region = '[data-field="distance-announcement"]';
    expect(await page.getAttribute(region, 'aria-live')).toBe('polite');
    // Opening the caravan says nothing: it is where the announcements start from.
    expect(await page.textContent(region)).toBe('');
    // The count is no live region any more: it changes with every report.
    expect(await page.getAttribute('[data-field="list-count"]', 'aria-live')).toBeNull();

    const next = { ...demoReport(46), recordedAt: new Date(Date.now() - 5 * MINUTE).toISOString() };
    await postReports(suite.baseUrl, caravanId, [next]);
    await listTotal(page, 41);
    await expect.poll(() => page.textContent(region)).toMatch(/^[\d,]+ km to the border, \d+ km (closer|further)$/);
    const said = (await page.textContent(region))!;
    const shownKm = Number((await page.textContent('[data-field="distance"]'))!.replace(/[^\d.]/g, ''));
    expect(said.startsWith(`${Math.round(shownKm).toLocaleString('en-US')} km`)).toBe(true);
    // No live region on the page speaks of the reports.
    const spoken = await page.$$eval('[aria-live], [role="status"], [role="alert"], [role="log"]', (regions) =>
      regions.map((element) => element.textContent ?? ''),
    );
    expect(spoken.filter((text) => /report|41/i.test(text))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws chart labels at 12 px or more, and axe-core finds nothing blocking and no content outside a landmark', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana revisada');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.waitForSelector('[data-field="chart"][data-points="30"]');
    await page.waitForSelector('[data-field="headcount-chart"][data-points="30"]');
    const labels = await page.$$eval('.chart__label', (texts) =>
      texts.map((text) => {
        const scale = (text as SVGTextElement).ownerSVGElement!.getScreenCTM()!.a;
        const cssPx = parseFloat(getComputedStyle(text).fontSize);
        return { cssPx, drawnPx: cssPx * scale };
      }),
    );
    expect(labels).toHaveLength(8);
    for (const { cssPx, drawnPx } of labels) {
      expect(cssPx).toBeGreaterThanOrEqual(12);
      expect(drawnPx).toBeGreaterThanOrEqual(12);
    }

    await page.waitForSelector('#map[data-map-state="idle"]');
    expect(await blockingAxeViolations(page)).toEqual([]);
    expect((await axeViolations(page)).filter((violation) => violation.id === 'region')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
