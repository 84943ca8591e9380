import { createHash } from 'node:crypto';
import { CLOCK_SKEW_MS, EARLIEST_FIX_MS, type Flag, type Report, type ReportInput, type Source } from '@rumbo/shared';
import { reportMetrics } from '@rumbo/shared/geo';
import { HttpError } from '../errors';

/** Who sent a report, how, and when it arrived. */
export interface ReportOrigin {
  caravanId: string;
  reporterId: string;
  source: Source;
  receivedAt: Date;
}

/** Accuracy worse than this is flagged `low_accuracy`: a cell-tower fix, not GPS. */
export const LOW_ACCURACY_M = 500;
/** Later than this after arrival is not a skewed clock but an impossible date. */
const LATEST_FIX_AHEAD_MS = 366 * 86_400_000;

function fixTimeMs(recordedAt: string | number): number {
  return typeof recordedAt === 'number' ? recordedAt : Date.parse(recordedAt);
}

/**
 * A report without an id is keyed by what identifies a fix (reporter, fix time, position), so a
 * phone that resends it without an id still lands once.
 */
export function derivedReportId(reporterId: string, recordedAtMs: number, lng: number, lat: number): string {
  const digest = createHash('sha256').update(`${reporterId}|${recordedAtMs}|${lng}|${lat}`).digest('base64url');
  return `h-${digest.slice(0, 32)}`;
}

function flagsFor(input: ReportInput, recordedAtMs: number, receivedAt: Date): Flag[] {
  const flags: Flag[] = [];
  if (input.accuracyM !== undefined && input.accuracyM > LOW_ACCURACY_M) flags.push('low_accuracy');
  if (recordedAtMs - receivedAt.getTime() > CLOCK_SKEW_MS) flags.push('clock_skew');
  return flags;
}

/**
 * Turns validated input into the stored report: normalized time, id, flags and the metrics
 * (distance to the border, nearest point and crossing). Throws a 400 for impossible fix times.
 */
export function buildReport(input: ReportInput, origin: ReportOrigin): Report {
  const recordedAtMs = fixTimeMs(input.recordedAt);
  if (!Number.isFinite(recordedAtMs) || recordedAtMs < EARLIEST_FIX_MS) {
    throw new HttpError(
      400,
      'invalid_report',
      'recordedAt: fix times before 2000-01-01 are refused (is the phone clock reset?)',
      [{ field: 'recordedAt', rule: 'minimum', message: 'recordedAt: must be on or after 2000-01-01' }],
    );
  }
  if (recordedAtMs - origin.receivedAt.getTime() > LATEST_FIX_AHEAD_MS) {
    throw new HttpError(400, 'invalid_report', 'recordedAt: more than a year in the future is not a real fix time', [
      { field: 'recordedAt', rule: 'maximum', message: 'recordedAt: must not be more than a year ahead' },
    ]);
  }
  const { id, lng, lat, recordedAt: _recordedAt, ...measured } = input;
  return {
    id: id ?? derivedReportId(origin.reporterId, recordedAtMs, lng, lat),
    caravanId: origin.caravanId,
    reporterId: origin.reporterId,
    lng,
    lat,
    recordedAt: new Date(recordedAtMs).toISOString(),
    receivedAt: origin.receivedAt.toISOString(),
    ...measured,
    source: origin.source,
    hidden: false,
    flags: flagsFor(input, recordedAtMs, origin.receivedAt),
    metrics: reportMetrics([input.lng, input.lat]),
  };
}
