import { EARLIEST_FIX_MS, type Report, type ReportInput, type Source } from '@rumbo/shared';
import { plausibilityFlags, reportMetrics, type PlausibilityLimits } from '@rumbo/shared/geo';
import { placeAt } from '@rumbo/shared/places';
import { InvalidInput } from '../domain-errors';
import { derivedReportId } from './report-ids';

/** Who sent a report, how, and when it arrived. */
export interface ReportOrigin {
  caravanId: string;
  reporterId: string;
  source: Source;
  receivedAt: Date;
}

/** Later than this after arrival is not a skewed clock but an impossible date. */
const LATEST_FIX_AHEAD_MS = 366 * 86_400_000;

export function fixTimeMs(recordedAt: string | number): number {
  return typeof recordedAt === 'number' ? recordedAt : Date.parse(recordedAt);
}

/**
 * What judging a fix on its own needs. Its speed is judged among its neighbours by the store
 * (`isSpeedOutlier` in @rumbo/shared/track), not here.
 */
export interface PlausibilityContext {
  limits: Pick<PlausibilityLimits, 'lowAccuracyM'>;
  /** A fix time further behind its arrival than this is flagged `clock_behind` (none: not judged). */
  behindAfterMs?: number;
}

/**
 * Turns validated input into the stored report: normalized time, id, flags and the metrics
 * (distance to the border, nearest point and crossing). Throws `InvalidInput` for impossible fix times.
 */
export function buildReport(input: ReportInput, origin: ReportOrigin, plausibility: PlausibilityContext): Report {
  const recordedAtMs = fixTimeMs(input.recordedAt);
  if (!Number.isFinite(recordedAtMs) || recordedAtMs < EARLIEST_FIX_MS) {
    throw new InvalidInput('invalid_report', 'recordedAt: fix times before 2000-01-01 are refused (is the phone clock reset?)', [
      { field: 'recordedAt', rule: 'minimum', message: 'recordedAt: must be on or after 2000-01-01' },
    ]);
  }
  if (recordedAtMs - origin.receivedAt.getTime() > LATEST_FIX_AHEAD_MS) {
    throw new InvalidInput('invalid_report', 'recordedAt: more than a year in the future is not a real fix time', [
      { field: 'recordedAt', rule: 'maximum', message: 'recordedAt: must not be more than a year ahead' },
    ]);
  }
  const { id, lng, lat, recordedAt: _recordedAt, ...measured } = input;
  const recordedAt = new Date(recordedAtMs).toISOString();
  const fix = { lng, lat, recordedAt, accuracyM: input.accuracyM };
  return {
    id: id ?? derivedReportId(origin.reporterId, recordedAtMs, lng, lat),
    caravanId: origin.caravanId,
    reporterId: origin.reporterId,
    lng,
    lat,
    recordedAt,
    receivedAt: origin.receivedAt.toISOString(),
    ...measured,
    source: origin.source,
    hidden: false,
    flags: plausibilityFlags(fix, origin.receivedAt, plausibility.limits, plausibility.behindAfterMs),
    metrics: measuredAt([input.lng, input.lat]),
  };
}

/** The metrics stored with a fix: border, crossing, and the place it is in or near. */
function measuredAt(point: [number, number]): Report['metrics'] {
  const place = placeAt(point);
  return place ? { ...reportMetrics(point), place } : reportMetrics(point);
}
