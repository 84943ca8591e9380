import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { publicStepMs } from '../../server/src/public/public-projection';
import { POLL_INTERVAL_MS, POLL_JITTER_MS } from '../src/embed/public-feed';
import {
  admin,
  createPublicCaravan,
  history,
  HOUR_MS,
  MINUTE_MS,
  postReports,
  READER_TIME_ZONE,
  withoutHttpCache,
} from './embed-helpers';
import { startServer } from './server';
import { useServerAndBrowser } from './suite';

/** The longest a page waits between two polls. */
const POLL_WITH_JITTER_MS = POLL_INTERVAL_MS + POLL_JITTER_MS;
/** These caravans' public step (2 km grid). */
const STEP_MS = publicStepMs(2);

/** How far the server's clock runs ahead of the real one: an hour, so fixes posted now are a delay old. */
let aheadMs = HOUR_MS;
// The default deployment: PUBLIC_LIVE unset, readers poll.
const suite = useServerAndBrowser(() => startServer({}, () => Date.now() + aheadMs));

interface PublicRequest {
  path: string;
  status: number;
  kind?: string;
}

/** The embed, with every public API answer it gets and every WebSocket it opens recorded. */
async function openEmbed(caravanId: string): Promise<{ page: Page; requests: PublicRequest[]; sockets: string[] }> {
  const page = await suite.browser.newPage({ viewport: { width: 640, height: 640 }, timezoneId: READER_TIME_ZONE });
  await page.clock.install({ time: Date.now() + aheadMs });
  await withoutHttpCache(page);
  const requests: PublicRequest[] = [];
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  page.on('response', async (response) => {
    const { pathname, search } = new URL(response.url());
    if (!pathname.startsWith('/api/v1/public/')) return;
    const updates = pathname.endsWith('/updates');
    const kind = updates && response.ok() ? ((await response.json()) as { kind: string }).kind : undefined;
    requests.push({ path: updates ? `updates${search.replace(/=.*$/, '=')}` : 'snapshot', status: response.status(), kind });
  });
  await page.goto(`${suite.baseUrl}/embed/${caravanId}`);
  await page.waitForSelector('.embed[data-state="shown"]');
  return { page, requests, sockets };
}

const trackPoints = async (page: Page) => Number(await page.getAttribute('#map', 'data-track-points'));

describe('the embed polls by default (PUBLIC_LIVE off)', () => {
  it('never opens a socket, and takes the next release step as a diff on the snapshot it holds', async () => {
    aheadMs = HOUR_MS;
    const caravanId = await createPublicCaravan(suite.baseUrl, 'embed-polls', 'Caravana sondeada');
    await postReports(suite.baseUrl, caravanId, history(Date.now(), 'En Arriaga'));
    const { page, requests, sockets } = await openEmbed(caravanId);
    await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 30_000 });
    expect(await page.getAttribute('.embed', 'data-transport')).toBe('polling');
    const before = await trackPoints(page);

    // Fixes further north, fixed and arrived now: public at the next release step, not in this one.
    await postReports(suite.baseUrl, caravanId, [
      { id: 'north-1', lng: -94.3, lat: 16.7, recordedAt: new Date(Date.now() - 2 * MINUTE_MS).toISOString() },
    ]);
    aheadMs += STEP_MS;
    await expect
      .poll(
        async () => {
          await page.clock.fastForward(POLL_WITH_JITTER_MS);
          return trackPoints(page);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(before);
    expect(requests.filter((request) => request.path === 'snapshot')).toEqual([
      { path: 'snapshot', status: 200, kind: undefined },
    ]);
    // The listener reads each answer's body after the page has: wait for it to have read the diff.
    await expect.poll(() => requests.some((request) => request.kind === 'diff')).toBe(true);
    // What the page holds is the server's snapshot, exactly: its track's length and its newest point.
    const served = (await (await fetch(`${suite.baseUrl}/api/v1/public/caravans/${caravanId}`)).json()) as {
      track: unknown[];
      latest: { recordedAt: string };
    };
    expect(await page.getAttribute('#map', 'data-latest-at')).toBe(served.latest.recordedAt);
    expect(sockets).toEqual([]);
    await page.close();
  }, 90_000);

  it('drops the caravan and stops asking once a poll finds it archived', async () => {
    aheadMs = HOUR_MS;
    const caravanId = await createPublicCaravan(suite.baseUrl, 'embed-polls-gone', 'Caravana retirada');
    await postReports(suite.baseUrl, caravanId, history(Date.now(), 'En Arriaga'));
    const { page, requests } = await openEmbed(caravanId);
    expect((await admin(suite.baseUrl, 'PATCH', `/api/v1/caravans/${caravanId}`, { status: 'archived' })).status).toBe(200);
    await page.clock.fastForward(POLL_WITH_JITTER_MS);
    await expect.poll(() => page.getAttribute('.embed', 'data-state')).toBe('no-longer-public');
    expect(await page.getAttribute('.embed', 'data-transport')).toBe('stopped');
    const asked = requests.length;
    await page.clock.fastForward(3 * POLL_WITH_JITTER_MS);
    await page.waitForTimeout(500);
    expect(requests).toHaveLength(asked);
    await page.close();
  }, 60_000);
});
