import type { Report } from '@rumbo/shared';

/** A report and its fix time, as the track orders them: by time, then by id. */
export interface OnTrack {
  ms: number;
  report: Report;
}

/** Later on the track: ids compare as the sorted set compares members of equal score (byte order; ids are ASCII). */
const after = (a: OnTrack, b: OnTrack) => a.ms > b.ms || (a.ms === b.ms && a.report.id > b.report.id);

/**
 * The reports of one ingest call that go on the track, as they are judged one after another, kept
 * in track order so that the next one's predecessor among them is found by binary search.
 * @example const track = new CallTrack(); track.add({ ms, report }); track.laterThan(storedPrevious, nextMs);
 */
export class CallTrack {
  private readonly sorted: OnTrack[] = [];

  /** How many entries come before the first one `isPast` holds for (it holds for every one after). */
  private countBefore(isPast: (entry: OnTrack) => boolean): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (isPast(this.sorted[middle]!)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  add(entry: OnTrack): void {
    this.sorted.splice(
      this.countBefore((other) => after(other, entry)),
      0,
      entry,
    );
  }

  /** The last entry fixed at or before `ms`, if it comes after `stored` on the track; else null. */
  laterThan(stored: OnTrack | null, ms: number): OnTrack | null {
    const candidate = this.sorted[this.countBefore((other) => other.ms > ms) - 1];
    return candidate && (!stored || after(candidate, stored)) ? candidate : null;
  }
}
