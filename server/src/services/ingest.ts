import { ReportInput, type Caravan, type IngestResult, type Report, type Source } from '@rumbo/shared';
import type { PlausibilityLimits } from '@rumbo/shared/geo';
import { InvalidInput } from '../domain-errors';
import type { TrackStore } from '../store/track-store';
import { bodyAjv, fieldProblems, invalidInput } from '../validation';
import { buildReport, type ReportOrigin } from './report-factory';

/**
 * The one validator of report items, whatever brought them (API body or batch, phone adapters,
 * GPX): each item is judged on its own, so a bad one never sinks the others.
 */
const validateReport = bodyAjv.compile<ReportInput>(ReportInput);

/** Sources whose fixes are old on purpose. */
const HISTORICAL_SOURCES: ReadonlySet<Source> = new Set<Source>(['gpx', 'demo']);

export interface IngestDeps {
  store: TrackStore;
  limits: Pick<PlausibilityLimits, 'lowAccuracyM'>;
  /** Asked to push what a call stored (see changes/push-changes.ts); never rejects. */
  pushChanges: (caravanId: string) => Promise<void>;
  /** Told what every call did, also one that failed half-way (what it stored stays stored): metrics. */
  countResult?: (source: Source, result: IngestResult) => void;
}

/** The refusal of one item, as an ingest result lists it. */
const refusal = (index: number, error: InvalidInput): IngestResult['rejected'][number] => ({
  index,
  error: { code: error.code, message: error.message, details: error.details },
});

/**
 * Ingest: validate each item on its own, build its report (what a fix earns on its own: see
 * buildReport), store it (idempotent; the store judges its speed among its neighbours), then ask
 * for what was stored to be pushed. A bad item is rejected without sinking the others; nothing
 * invalid is stored. A call's items go to the store together: a phone's queue of 500 and a GPX
 * file are one batched write, not a round trip per item.
 */
export function createIngest({ store, limits, pushChanges, countResult = () => {} }: IngestDeps) {
  return async function ingest(
    caravan: Caravan,
    items: unknown[],
    origin: Omit<ReportOrigin, 'caravanId'>,
  ): Promise<IngestResult> {
    const result: IngestResult = { accepted: [], rejected: [] };
    const full = { ...origin, caravanId: caravan.id };
    const built: Report[] = [];
    // A GPX file and the demo's replayed route are past fixes by nature: they are not judged late.
    const behindAfterMs = HISTORICAL_SOURCES.has(origin.source) ? undefined : caravan.public.delayMinutes * 60_000;
    try {
      items.forEach((item, index) => {
        if (!validateReport(item)) {
          result.rejected.push(refusal(index, invalidInput('invalid_report', fieldProblems(validateReport.errors ?? []))));
          return;
        }
        try {
          built.push(buildReport(item, full, { limits, behindAfterMs }));
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          result.rejected.push(refusal(index, error));
        }
      });
      result.rejected.sort((a, b) => a.index - b.index);
      const stored = await Promise.allSettled(built.map((report) => store.insertReport(report)));
      stored.forEach((outcome) => {
        if (outcome.status !== 'fulfilled') return;
        const { report, duplicate } = outcome.value;
        result.accepted.push({ id: report.id, duplicate, report });
      });
      const failed = stored.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      // Also after a failure half-way, and after duplicates only: a write that timed out may have
      // landed, and its reports wait in the store to be pushed. The answer does not wait for it.
      if (built.length > 0) void pushChanges(caravan.id);
      countResult(origin.source, result);
    }
    return result;
  };
}
export type Ingest = ReturnType<typeof createIngest>;
