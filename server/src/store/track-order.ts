import type { Report } from '@rumbo/shared';

/**
 * Reports in track order: by fix time, then by id, as Redis's sorted sets order members of equal
 * score (byte order; ids are ASCII, so JavaScript's string order is the same). Shared by the
 * memory store's lists and ingest's view of the reports of one call.
 */

export const fixTimeMsOf = (report: Report) => Date.parse(report.recordedAt);

/** Negative when `a` comes first, positive when `b` does, 0 for the same place. */
export function compareOnTrack(a: Report, b: Report): number {
  return fixTimeMsOf(a) - fixTimeMsOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Index at which `report` keeps `list` sorted (binary search). */
export function insertionIndex(list: readonly Report[], report: Report): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareOnTrack(list[mid]!, report) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Index of the first report with recordedAt ≥ ms.
 * @example list[firstAtOrAfter(list, ms + 1) - 1] // the last report fixed at or before ms
 */
export function firstAtOrAfter(list: readonly Report[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fixTimeMsOf(list[mid]!) < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}
