import { createHash } from 'node:crypto';
import { LIMITS, type Caravan, type IngestResult } from '@rumbo/shared';
import type { GpxFix, GpxPoints } from '../ingest/gpx';
import type { Ingest } from './ingest';
import type { ReportOrigin } from './report-factory';

/** What importing a GPX file did, point by point, counted. */
export interface GpxImportResult {
  /** Newly stored. */
  imported: number;
  /** Already stored (an earlier upload of the same points). */
  duplicates: number;
  /** Without a time, so not imported. */
  skipped: number;
  /** Refused by ingest; `index` is the point's place in the file (waypoints, then track points). */
  rejected: IngestResult['rejected'];
}

/**
 * A GPX point's report id, from what identifies a fix in a caravan: its time and position. The
 * same file uploaded again, by anyone, lands on the same ids and stores nothing new.
 */
export function gpxReportId(caravanId: string, fix: GpxFix): string {
  const key = `${caravanId}|${Date.parse(fix.recordedAt)}|${fix.lng}|${fix.lat}`;
  return `gpx-${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}

/**
 * Stores a parsed GPX file through ingest, the path every report takes (validation, flags,
 * metrics, idempotency, the newsroom push), in batches the size of an API batch: the newsroom
 * sees the track grow batch by batch, and no single ingest result holds the whole file.
 */
export async function importGpx(
  ingest: Ingest,
  caravan: Caravan,
  { points, skipped }: GpxPoints,
  origin: Omit<ReportOrigin, 'caravanId'>,
): Promise<GpxImportResult> {
  const result: GpxImportResult = { imported: 0, duplicates: 0, skipped, rejected: [] };
  for (let start = 0; start < points.length; start += LIMITS.batchReports) {
    const batch = points.slice(start, start + LIMITS.batchReports);
    const items = batch.map(({ fix }) => ({ id: gpxReportId(caravan.id, fix), ...fix }));
    const { accepted, rejected } = await ingest(caravan, items, origin);
    for (const { duplicate } of accepted) {
      if (duplicate) result.duplicates++;
      else result.imported++;
    }
    for (const { index, error } of rejected) result.rejected.push({ index: batch[index]!.index, error });
  }
  return result;
}
