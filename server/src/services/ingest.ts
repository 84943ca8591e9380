import { ReportInput, type Caravan, type IngestResult, type Report, type Source } from '@rumbo/shared';
import type { PlausibilityLimits } from '@rumbo/shared/geo';
import { compareTrackOrder, insertionIndex, isOnTrack, lastFixedBy } from '@rumbo/shared/track';
import type { Writes } from '../changes/change-feed';
import { InvalidInput } from '../domain-errors';
import type { TrackStore } from '../store/track-store';
import { bodyAjv, fieldProblems, invalidInput } from '../validation';
import { buildReport, fixTimeMs, type PlausibilityContext, type ReportOrigin } from './report-factory';
import { derivedReportId } from './report-ids';

/**
 * The one validator of report items, whatever brought them (API body or batch, phone adapters,
 * GPX): each item is judged on its own, so a bad one never sinks the others.
 */
const validateReport = bodyAjv.compile<ReportInput>(ReportInput);

/** Sources whose fixes are old on purpose. */
const HISTORICAL_SOURCES: ReadonlySet<Source> = new Set<Source>(['gpx', 'demo']);

export interface IngestDeps {
  store: TrackStore;
  limits: PlausibilityLimits;
  /** Told of the reports each call stored (not duplicates): see changes/effects.ts for what follows. */
  changes: { publish(kind: 'reports:stored', write: Writes['reports:stored']): Promise<void> };
  /** Told what every call did, also one that failed half-way (what it stored stays stored): metrics. */
  countResult?: (source: Source, result: IngestResult) => void;
}

/** A valid item and its fix time, before it is judged and built. */
interface Checked {
  index: number;
  input: ReportInput;
  recordedAtMs: number;
}

/** The refusal of one item, as an ingest result lists it. */
const refusal = (index: number, error: InvalidInput): IngestResult['rejected'][number] => ({
  index,
  error: { code: error.code, message: error.message, details: error.details },
});

/**
 * Builds each valid item's report in the items' order, judged against the track's fix just before
 * it in time: the later of the stored one and any earlier item of the same call that goes on the
 * track, exactly what storing them one after another would see. An item whose id is stored already,
 * or came earlier in the call, will be answered as a duplicate: it adds nothing to the track.
 * An impossible fix time becomes a refusal in `rejected`.
 */
function buildAll(
  checked: Checked[],
  reads: { storedPrevious: Array<Report | null>; storedAlready: boolean[] },
  origin: ReportOrigin,
  judging: Omit<PlausibilityContext, 'previous'>,
  rejected: IngestResult['rejected'],
): Array<{ index: number; report: Report }> {
  const built: Array<{ index: number; report: Report }> = [];
  /** The call's reports that go on the track so far, in track order. */
  const callTrack: Report[] = [];
  const idsSoFar = new Set<string>();
  checked.forEach(({ index, input, recordedAtMs }, at) => {
    const stored = reads.storedPrevious[at] ?? null;
    const earlier = lastFixedBy(callTrack, recordedAtMs);
    const previous = earlier && (!stored || compareTrackOrder(earlier, stored) > 0) ? earlier : stored;
    try {
      const report = buildReport(input, origin, { ...judging, previous });
      built.push({ index, report });
      const duplicate = idsSoFar.has(report.id) || reads.storedAlready[at] === true;
      idsSoFar.add(report.id);
      if (!duplicate && isOnTrack(report)) callTrack.splice(insertionIndex(callTrack, report), 0, report);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      rejected.push(refusal(index, error));
    }
  });
  return built;
}

/**
 * What judging a call's items needs from the store, read at once: each one's previous fix on the
 * track and, when the call has more than one item, whether its id is stored already.
 */
async function readForCall(store: TrackStore, caravanId: string, checked: Checked[], reporterId: string) {
  const [storedPrevious, storedAlready] = await Promise.all([
    Promise.all(
      checked.map(({ recordedAtMs }) =>
        Number.isFinite(recordedAtMs) ? store.previousOnTrack(caravanId, recordedAtMs) : Promise.resolve(null),
      ),
    ),
    checked.length < 2
      ? Promise.resolve([])
      : Promise.all(
          checked.map(async ({ input, recordedAtMs }) => {
            const id = input.id ?? derivedReportId(reporterId, recordedAtMs, input.lng, input.lat);
            return (await store.getReport(caravanId, id)) !== null;
          }),
        ),
  ]);
  return { storedPrevious, storedAlready };
}

/**
 * Ingest: validate each item on its own, store it (idempotent), then publish what is new to the
 * change feed. A bad item is rejected without sinking the others; nothing invalid is stored.
 * A call's items are judged together and stored together: one read of the fixes before them and
 * one batched write, not two round trips to the store per item (a phone's queue of 500, a GPX file).
 */
export function createIngest({ store, limits, changes, countResult = () => {} }: IngestDeps) {
  return async function ingest(
    caravan: Caravan,
    items: unknown[],
    origin: Omit<ReportOrigin, 'caravanId'>,
  ): Promise<IngestResult> {
    const result: IngestResult = { accepted: [], rejected: [] };
    const fresh: Report[] = [];
    const full = { ...origin, caravanId: caravan.id };
    try {
      const checked: Checked[] = [];
      items.forEach((item, index) => {
        if (validateReport(item)) checked.push({ index, input: item, recordedAtMs: fixTimeMs(item.recordedAt) });
        else result.rejected.push(refusal(index, invalidInput('invalid_report', fieldProblems(validateReport.errors ?? []))));
      });
      const reads = await readForCall(store, caravan.id, checked, origin.reporterId);
      // A GPX file and the demo's replayed route are past fixes by nature: they are not judged late.
      const behindAfterMs = HISTORICAL_SOURCES.has(origin.source) ? undefined : caravan.public.delayMinutes * 60_000;
      const built = buildAll(checked, reads, full, { limits, behindAfterMs }, result.rejected);
      result.rejected.sort((a, b) => a.index - b.index);
      const stored = await Promise.allSettled(built.map(({ report }) => store.insertReport(report)));
      // What was stored is told even when another insert failed: a retry would find it a duplicate,
      // and no dashboard would ever see it.
      stored.forEach((outcome) => {
        if (outcome.status !== 'fulfilled') return;
        const { report, duplicate } = outcome.value;
        result.accepted.push({ id: report.id, duplicate, report });
        if (!duplicate) fresh.push(report);
      });
      const failed = stored.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      // The answer does not wait for the pushes; the feed logs a subscriber's failure itself.
      if (fresh.length > 0) void changes.publish('reports:stored', { caravan, reports: fresh });
      countResult(origin.source, result);
    }
    return result;
  };
}
export type Ingest = ReturnType<typeof createIngest>;
