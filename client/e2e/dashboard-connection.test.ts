import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n';
import { NEWSROOM_STRINGS } from '../src/i18n/newsroom-strings';
import {
  BROWSER_TEST_TIMEOUT_MS,
  createCaravan,
  demoReportsEndingNow,
  openDashboard,
  postReports,
  startDashboardServer,
} from './dashboard-helpers';
import { openDashboardAt } from './dashboard-viewport';
import { useServerAndBrowser } from './suite';

/**
 * The server pings every 2 s (Socket.IO's default is 25 s), so a missed ping shows within
 * seconds; its ping timeout is ten minutes, so Socket.IO's own timeout (interval + timeout, on
 * either side) never ends a connection during these tests: only the page's heartbeat watch can.
 */
const PING_INTERVAL_MS = 2_000;
const suite = useServerAndBrowser(async () => {
  const server = await startDashboardServer();
  server.app.io.engine.opts.pingInterval = PING_INTERVAL_MS;
  server.app.io.engine.opts.pingTimeout = 600_000;
  return server;
});
const WAIT = { timeout: 120_000 };
const es = translator(NEWSROOM_STRINGS, 'es');

/** The grey the panel's figures turn while not live (newsroom.css). */
const DIMMED = 'rgb(91, 107, 123)';

/** What the panel shows of the connection: the badge, the note, the panel's description, a figure's colour. */
const connectionView = (page: Page) =>
  page.evaluate(() => {
    const panel = document.getElementById('panel')!;
    const badge = panel.querySelector<HTMLElement>('[data-field="connection"]')!;
    const note = panel.querySelector<HTMLElement>('[data-field="stale-note"]')!;
    return {
      badge: badge.dataset.state,
      badgeText: badge.textContent,
      note: note.hidden ? null : note.textContent,
      describedBy: panel.getAttribute('aria-describedby'),
      distanceColour: getComputedStyle(panel.querySelector('[data-field="distance"]')!).color,
    };
  });

const badgeState = (page: Page) => page.getAttribute('[data-field="connection"]', 'data-state');
const reportCount = (page: Page) => page.textContent('[data-field="report-count"]');

describe('dashboard connection badge', () => {
  it(
    'turns offline the moment the browser loses the network, greys the figures, and is live with fresh figures when it is back',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana sin red', 'connection');
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30, 20));
      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
      await page.waitForSelector('[data-field="report-count"]:text-is("30")', WAIT);
      const live = await connectionView(page);
      expect(live).toMatchObject({ badge: 'live', badgeText: 'live', note: null, describedBy: null });
      expect(live.distanceColour).not.toBe(DIMMED);

      await page.context().setOffline(true);
      await expect.poll(() => badgeState(page), WAIT).toBe('offline');
      expect(await connectionView(page)).toEqual({
        badge: 'offline',
        badgeText: 'offline',
        note: 'Not live: these figures may be out of date until the connection is back.',
        describedBy: 'stale-note',
        distanceColour: DIMMED,
      });

      // Posted while the page is away: the snapshot it takes on coming back brings it.
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(31, 5).slice(30));
      await page.context().setOffline(false);
      await expect.poll(() => badgeState(page), WAIT).toBe('live');
      await expect.poll(() => reportCount(page), WAIT).toBe('31');
      const back = await connectionView(page);
      expect(back).toMatchObject({ badge: 'live', note: null, describedBy: null });
      expect(back.distanceColour).not.toBe(DIMMED);
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'leaves "live" when a server ping is overdue though the browser still says online, and recovers with fresh figures (in Spanish)',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana en silencio', 'connection');
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30, 20));
      // Between the page and the server: while `silent`, nothing the server sends reaches the page
      // (a link that died without a word: no close, no offline event).
      let silent = false;
      let pingsPassed = 0;
      const { page, errors } = await openDashboardAt(suite.browser, `${suite.baseUrl}/?caravan=${caravanId}&lang=es`, {
        viewport: { width: 1280, height: 800 },
        prepare: (page) =>
          page.routeWebSocket(/\/socket\.io\//, (socket) => {
            const server = socket.connectToServer();
            socket.onMessage((message) => server.send(message));
            server.onMessage((message) => {
              if (silent) return;
              // Engine.IO's ping packet is the bare "2".
              if (message === '2') pingsPassed++;
              socket.send(message);
            });
          }),
      });
      await page.waitForSelector('[data-field="report-count"]:text-is("30")', WAIT);
      // The page learns the ping interval from the pings themselves: let two through.
      await expect.poll(() => pingsPassed, WAIT).toBeGreaterThanOrEqual(2);
      expect(await badgeState(page)).toBe('live');

      silent = true;
      await expect.poll(() => badgeState(page), WAIT).toBe('reconnecting');
      expect(await page.evaluate(() => navigator.onLine)).toBe(true);
      expect(await connectionView(page)).toEqual({
        badge: 'reconnecting',
        badgeText: es('connection.reconnecting'),
        note: 'Sin conexión en vivo: estas cifras pueden estar desactualizadas hasta que vuelva la conexión.',
        describedBy: 'stale-note',
        distanceColour: DIMMED,
      });

      // What was posted meanwhile never reached the page; the reconnection's snapshot brings it.
      await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(31, 5).slice(30));
      silent = false;
      await expect.poll(() => badgeState(page), WAIT).toBe('live');
      await expect.poll(() => reportCount(page), WAIT).toBe('31');
      expect((await connectionView(page)).distanceColour).not.toBe(DIMMED);
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
