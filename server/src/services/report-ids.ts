import { createHash } from 'node:crypto';
import type { GpxFix } from '../ingest/gpx';

/**
 * Report ids for reports sent without one, derived from what identifies the fix, so that sending
 * the same fix again lands on the same id and stores nothing new. Ids already stored depend on
 * these exact derivations: changing a key, a prefix or a length splits history into duplicates.
 */

/** The first `length` characters of the key's SHA-256, URL-safe base64. */
function keyDigest(key: string, length: number): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, length);
}

/**
 * A report from the API or a phone: keyed by its reporter, fix time and position, so a phone that
 * resends it without an id lands once, and two reporters standing together stay two reports.
 */
export function derivedReportId(reporterId: string, recordedAtMs: number, lng: number, lat: number): string {
  return `h-${keyDigest(`${reporterId}|${recordedAtMs}|${lng}|${lat}`, 32)}`;
}

/**
 * A GPX point: keyed by its caravan, time and position, without the reporter, so the same file
 * uploaded again by anyone (the reporter, then an editor) lands on the same ids.
 */
export function gpxReportId(caravanId: string, fix: GpxFix): string {
  return `gpx-${keyDigest(`${caravanId}|${Date.parse(fix.recordedAt)}|${fix.lng}|${fix.lat}`, 24)}`;
}
