import { describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  listTotal,
  openDashboard,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

let app: App | undefined;
const suite = useServerAndBrowser(async () => {
  const started = await startDashboardServer();
  app = started.app;
  return started;
});

/** "Ana " then a RIGHT-TO-LEFT OVERRIDE: shown bare, it reverses every character after it on the line. */
const SPOOFED_NAME = 'Ana \u202Eeilut';

describe('names stored before names refused bidi controls', () => {
  it(
    'stay inside their own box in the reports list: the headcount after a name is laid out after it',
    async () => {
      const caravanId = await createCaravan(suite.baseUrl, 'Caravana de nombres', 'names');
      const created = await call<{ id: string; token: string }>(suite.baseUrl, 'POST', '/api/v1/reporters', {
        name: 'Ana',
        caravans: [caravanId],
      });
      expect(created.status).toBe(201);
      // The API refuses such a name now; old data may still hold one.
      const record = (await app!.accounts.get(created.json.id))!;
      await app!.accounts.save({ ...record, name: SPOOFED_NAME });
      const reported = await call(
        suite.baseUrl,
        'POST',
        `/api/v1/caravans/${caravanId}/reports`,
        { lng: -92.2633, lat: 14.9056, recordedAt: new Date(Date.now() - 60_000).toISOString(), headcount: 6000 },
        created.json.token,
      );
      expect(reported.status).toBe(201);

      const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
      await listTotal(page, 1);
      // Where the browser draws the name's letters and the headcount's, left to right.
      const layout = await page.$eval('[data-field="report-list"] .report__who', (who) => {
        const boxOf = (needle: string) => {
          const walker = document.createTreeWalker(who, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent!.indexOf(needle);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + needle.length);
            return range.getBoundingClientRect();
          }
          throw new Error(`no "${needle}" in the row`);
        };
        return { nameRight: Math.max(boxOf('Ana').right, boxOf('eilut').right), headcountLeft: boxOf('6,000').left };
      });
      expect(layout.headcountLeft).toBeGreaterThanOrEqual(layout.nameRight);
      expect(errors).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
