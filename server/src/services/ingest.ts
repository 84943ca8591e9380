import { LIMITS, ReportBatch, ReportInput, type Caravan, type IngestResult, type Report, type Source } from '@rumbo/shared';
import type { PlausibilityLimits } from '@rumbo/shared/geo';
import { HttpError } from '../errors';
import type { TrackStore } from '../store/track-store';
import { bodyAjv, fieldProblems, findUnsafeKey, invalidInput, unsafeKeyProblem } from '../validation';
import { buildReport, fixTimeMs, type ReportOrigin } from './report-factory';

const validateReport = bodyAjv.compile<ReportInput>(ReportInput);
const validateBatch = bodyAjv.compile<{ reports: unknown[] }>(ReportBatch);

/** Told about every newly stored report (not duplicates), once per call. */
export type AcceptedListener = (caravan: Caravan, reports: Report[]) => void;

/** Told what every ingest call did, also one that failed half-way (what it stored stays stored). */
export type ResultListener = (source: Source, result: IngestResult) => void;

/** Splits a request body into report items: `{ reports: [...] }` or one report. */
export function reportItems(body: unknown): { items: unknown[]; batch: boolean } {
  const unsafe = findUnsafeKey(body);
  if (unsafe) throw invalidInput('invalid_report', [unsafeKeyProblem(unsafe)]);
  if (body !== null && typeof body === 'object' && 'reports' in body) {
    if (!validateBatch(body)) {
      const problems = fieldProblems(validateBatch.errors ?? []);
      const tooMany = problems.some((problem) => problem.rule === 'maxItems');
      if (tooMany)
        throw new HttpError(413, 'batch_too_large', `reports: at most ${LIMITS.batchReports} reports in one batch`, problems);
      throw invalidInput('invalid_batch', problems);
    }
    return { items: body.reports, batch: true };
  }
  return { items: [body], batch: false };
}

/**
 * Validates one item and builds the report to store, judged against the track's fix just before
 * it in time; throws a 400 naming the field.
 */
async function prepare(store: TrackStore, item: unknown, origin: ReportOrigin, limits: PlausibilityLimits): Promise<Report> {
  if (!validateReport(item)) throw invalidInput('invalid_report', fieldProblems(validateReport.errors ?? []));
  const recordedAtMs = fixTimeMs(item.recordedAt);
  const previous = Number.isFinite(recordedAtMs) ? await store.previousOnTrack(origin.caravanId, recordedAtMs) : null;
  return buildReport(item, origin, { previous, limits });
}

/**
 * Ingest: validate each item on its own, store it (idempotent), then tell the listener about
 * what is new. A bad item is rejected without sinking the others; nothing invalid is stored.
 */
export function createIngest(
  store: TrackStore,
  limits: PlausibilityLimits,
  onAccepted: AcceptedListener,
  onResult: ResultListener = () => {},
) {
  return async function ingest(
    caravan: Caravan,
    items: unknown[],
    origin: Omit<ReportOrigin, 'caravanId'>,
  ): Promise<IngestResult> {
    const result: IngestResult = { accepted: [], rejected: [] };
    const fresh: Report[] = [];
    const full = { ...origin, caravanId: caravan.id };
    try {
      for (const [index, item] of items.entries()) {
        let report: Report;
        try {
          report = await prepare(store, item, full, limits);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          result.rejected.push({ index, error: { code: error.code, message: error.message, details: error.details } });
          continue;
        }
        const stored = await store.insertReport(report);
        result.accepted.push({ id: stored.report.id, duplicate: stored.duplicate, report: stored.report });
        if (!stored.duplicate) fresh.push(stored.report);
      }
    } finally {
      // Also when the store failed half-way: what was stored is told, or a retry would find it a
      // duplicate and no dashboard would ever see it.
      if (fresh.length > 0) onAccepted(caravan, fresh);
      onResult(origin.source, result);
    }
    return result;
  };
}
export type Ingest = ReturnType<typeof createIngest>;
