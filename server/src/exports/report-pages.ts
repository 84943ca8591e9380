import type { Report } from '@rumbo/shared';
import { compareTrackOrder, fixTimeMs } from '@rumbo/shared/track';
import type { TrackStore } from '../store/track-store';

/** Reports read from the store at once while exporting: what an export holds in memory. */
export const EXPORT_PAGE_REPORTS = 1_000;

/**
 * Every report of a caravan, hidden and flagged ones too, in track order, a page at a time: an
 * export of a million reports holds one page, not the whole history.
 *
 * The store pages by fix time (`sinceMs` is inclusive) and several reports can share one fix
 * time, so each read starts again at the last fix time read, asks for as many more reports as it
 * has already seen at that time, and drops those at or before the last one it yielded. A report
 * inserted while the export runs is in it when it lands after the page being read, and not when
 * it lands before.
 */
export async function* reportPages(
  store: Pick<TrackStore, 'listReports'>,
  caravanId: string,
  pageReports = EXPORT_PAGE_REPORTS,
): AsyncGenerator<Report[]> {
  let last: Report | undefined;
  let readAtLastTime = 0;
  for (;;) {
    const limit = pageReports + readAtLastTime;
    const read = await store.listReports(caravanId, last ? { sinceMs: fixTimeMs(last), limit } : { limit });
    const after = last;
    const fresh = after ? read.filter((report) => compareTrackOrder(report, after) > 0) : read;
    if (fresh.length > 0) {
      last = fresh.at(-1)!;
      yield fresh;
    }
    if (read.length < limit || !last) return;
    const lastTimeMs = fixTimeMs(last);
    readAtLastTime = read.filter((report) => fixTimeMs(report) === lastTimeMs).length;
  }
}

/**
 * Reads the first page now, before any byte of the file is sent: a store that is down answers
 * the request with an error status, not a download that starts and breaks off.
 */
export async function readingAhead<T>(pages: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}
