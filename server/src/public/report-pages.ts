import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Report } from '@rumbo/shared';
import { compareTrackOrder, fixTimeMs } from '@rumbo/shared/track';
import type { TrackStore } from '../store/track-store';

/** About 1 MB of JSON from Redis: each page is parsed in a few milliseconds of the event loop. */
export const PAGE_REPORTS = 2_000;

/**
 * Every report (any visibility) fixed in [sinceMs, untilMs], page by page in listReports' order (compareTrackOrder),
 * the event loop free between pages: a caravan of 100,000 reports never holds it for long.
 * listReports pages by time only, so each page starts at the previous page's last time and skips
 * what was already given (asking for enough more to get past a crowd of fixes at one millisecond).
 */
export async function* reportPages(
  store: TrackStore,
  caravanId: string,
  range: { sinceMs?: number; untilMs?: number },
  pageReports = PAGE_REPORTS,
): AsyncGenerator<Report[]> {
  let sinceMs = range.sinceMs;
  let last: Report | undefined;
  let limit = pageReports;
  for (;;) {
    const page = await store.listReports(caravanId, { sinceMs, untilMs: range.untilMs, limit });
    const fresh = last ? page.filter((report) => compareTrackOrder(report, last!) > 0) : page;
    if (fresh.length > 0) yield fresh;
    if (page.length < limit) return;
    last = fresh.at(-1) ?? last!;
    sinceMs = fixTimeMs(last);
    limit = pageReports + page.filter((report) => fixTimeMs(report) === sinceMs).length;
    await nextTurn();
  }
}
