import { compareTrackOrder, fixTimeMs, type TrackOrdered } from './order';

/** How many items lead `list` while `leads` holds: a binary search; `leads` must hold for a prefix only. */
function leadingCount<T>(list: readonly T[], leads: (item: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (leads(list[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Where `report` goes to keep `list` (in track order) in track order: after every report that
 * comes before it. O(log n).
 * @example list.splice(insertionIndex(list, report), 0, report)
 */
export function insertionIndex(list: readonly TrackOrdered[], report: TrackOrdered): number {
  return leadingCount(list, (listed) => compareTrackOrder(listed, report) < 0);
}

/**
 * Index of the first report of `list` (in track order) fixed at or after `ms`; `list.length` when
 * there is none. O(log n).
 * @example list.slice(firstAtOrAfter(list, sinceMs)) // the reports fixed since sinceMs
 */
export function firstAtOrAfter(list: readonly Pick<TrackOrdered, 'recordedAt'>[], ms: number): number {
  return leadingCount(list, (listed) => fixTimeMs(listed) < ms);
}

/**
 * How many reports of `list` (in track order) were fixed at or before `ms` (any number, also
 * between two milliseconds, as a replay's moment is). O(log n).
 * @example list.slice(0, countFixedBy(list, replayAtMs)) // the reports a replay shows at that moment
 */
export function countFixedBy(list: readonly Pick<TrackOrdered, 'recordedAt'>[], ms: number): number {
  return leadingCount(list, (listed) => fixTimeMs(listed) <= ms);
}

/**
 * The last report of `list` (in track order) fixed at or before `ms`, if any. O(log n).
 * @example lastFixedBy(track, Date.parse(fix.recordedAt)) // the fix a new one is judged against
 */
export function lastFixedBy<T extends Pick<TrackOrdered, 'recordedAt'>>(list: readonly T[], ms: number): T | undefined {
  return list[countFixedBy(list, ms) - 1];
}
