import { LIMITS, type Caravan, type GpxImportResult } from '@rumbo/shared';
import type { GpxPoints } from '../ingest/gpx';
import type { Ingest } from './ingest';
import type { ReportOrigin } from './report-factory';
import { gpxReportId } from './report-ids';

/**
 * Stores a parsed GPX file through ingest, the path every report takes (validation, flags,
 * metrics, idempotency, the newsroom push), in batches the size of an API batch: the newsroom
 * sees the track grow batch by batch, and no single ingest result holds the whole file.
 */
export async function importGpx(
  ingest: Ingest,
  caravan: Caravan,
  { points, skipped, waypoints, routePoints }: GpxPoints,
  origin: Omit<ReportOrigin, 'caravanId'>,
): Promise<GpxImportResult> {
  const result: GpxImportResult = { imported: 0, duplicates: 0, skipped, rejected: [], waypoints, routePoints };
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
