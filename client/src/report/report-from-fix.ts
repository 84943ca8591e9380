import type { ReportInput } from '@rumbo/shared';
import type { Fix } from './take-fix';

/** What the reporter adds to a fix by hand. */
export interface ReportExtras {
  headcount?: number;
  note?: string;
}

/** Ranges the server accepts for the optional measurements (ReportInput in @rumbo/shared). */
const RANGES = {
  accuracyM: [0, 100_000],
  altitudeM: [-1_000, 10_000],
  speedKmh: [0, 2_000],
  headingDeg: [0, 360],
} as const;

/** A measurement the server would refuse is left out: a wild altitude must not cost the position itself. */
function inRange(value: number | null, [min, max]: readonly [number, number]): number | undefined {
  return value !== null && Number.isFinite(value) && value >= min && value <= max ? Math.round(value * 10) / 10 : undefined;
}

/**
 * The report for one fix. `recordedAt` is the fix's own time, not the send time: a report queued
 * for hours still says when the caravan was there.
 * @example reportFromFix('q3Vf0Zt', fix, { headcount: 3000 }) // { id: 'q3Vf0Zt', lng, lat, recordedAt, accuracyM: 12, headcount: 3000 }
 */
export function reportFromFix(id: string, { coords, timestamp }: Fix, extras: ReportExtras = {}): ReportInput {
  const report: ReportInput = {
    id,
    lng: coords.longitude,
    lat: coords.latitude,
    recordedAt: new Date(timestamp).toISOString(),
    accuracyM: inRange(coords.accuracy, RANGES.accuracyM),
    altitudeM: inRange(coords.altitude, RANGES.altitudeM),
    speedKmh: inRange(coords.speed === null ? null : coords.speed * 3.6, RANGES.speedKmh),
    // Browsers give NaN while standing still: no heading then.
    headingDeg: inRange(coords.heading, RANGES.headingDeg),
    headcount: extras.headcount,
    note: extras.note,
  };
  // JSON would drop them anyway; IndexedDB would keep them, and the stored queue is easier to read without.
  for (const key of Object.keys(report) as (keyof ReportInput)[]) if (report[key] === undefined) delete report[key];
  return report;
}
