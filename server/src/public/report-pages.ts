import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Report } from '@rumbo/shared';
import type { TrackStore } from '../store/track-store';

/** About 1 MB of JSON from Redis: each page is parsed in a few milliseconds of the event loop. */
export const PAGE_REPORTS = 2_000;

const fixTime = (report: Report) => Date.parse(report.recordedAt);

/** listReports' order: recordedAt, then id. */
const isAfter = (report: Report, last: Report) =>
  fixTime(report) > fixTime(last) || (fixTime(report) === fixTime(last) && report.id > last.id);

/**
 * Every report (any visibility) fixed in [sinceMs, untilMs], page by page in listReports' order,
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
    const fresh = last ? page.filter((report) => isAfter(report, last!)) : page;
    if (fresh.length > 0) yield fresh;
    if (page.length < limit) return;
    last = fresh.at(-1) ?? last!;
    sinceMs = fixTime(last);
    limit = pageReports + page.filter((report) => fixTime(report) === sinceMs).length;
    await nextTurn();
  }
}
