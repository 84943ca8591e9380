import type { Caravan, IngestResult, Report } from '@rumbo/shared';
import { DEFAULT_PLAUSIBILITY } from '@rumbo/shared/geo';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngest } from '../../src/services/ingest';
import type { TrackStore } from '../../src/store/track-store';
import { closeStore, makeCaravan, stores } from '../helper';

const START_MS = Date.UTC(2024, 2, 1, 12);
// Arriving minutes after the fixes: these tests judge plausibility, not lateness (clock_behind).
const ORIGIN = { reporterId: 'prop', source: 'api' as const, receivedAt: new Date(START_MS + 5 * 60_000) };

/**
 * A fix of a caravan resting near Tapachula, a minute step apart: a few hundred metres off, a step
 * of about 5 km (plausible from a fix 3 minutes before, not from one a minute before, so which fix
 * it is judged against shows), a jump of about 110 km (implausible within minutes), or with a poor
 * accuracy (flagged); fix times
 * repeat and come in any order, and ids repeat, as in a phone's queue resent in part.
 */
interface Fix {
  id: string;
  minute: number;
  kind: 'near' | 'step' | 'jump' | 'inaccurate';
  jitter: number;
}
const fix: fc.Arbitrary<Fix> = fc.record({
  id: fc.integer({ min: 0, max: 14 }).map((n) => `f${n}`),
  minute: fc.integer({ min: 0, max: 20 }),
  kind: fc.constantFrom('near', 'near', 'near', 'step', 'step', 'jump', 'inaccurate'),
  jitter: fc.integer({ min: -3, max: 3 }),
});

const toInput = ({ id, minute, kind, jitter }: Fix) => ({
  id,
  lng: -92.2633 + jitter * 0.001 + (kind === 'jump' ? 1 : kind === 'step' ? 0.05 : 0),
  lat: 14.9056 + jitter * 0.001,
  recordedAt: START_MS + minute * 60_000,
  accuracyM: kind === 'inaccurate' ? 900 : 10,
});

/** What a result and the store say, without the parts that differ by construction (arrival order). */
async function outcome(store: TrackStore, caravanId: string, results: IngestResult[]) {
  const stored = await store.listReports(caravanId, { limit: 1_000 });
  const facts = await store.trackFacts(caravanId);
  return {
    accepted: results.flatMap((result) => result.accepted.map(({ id, duplicate }) => ({ id, duplicate }))),
    flags: Object.fromEntries(stored.map((report: Report) => [report.id, report.flags])),
    latest: facts.latest?.id ?? null,
    traveledKm: Math.round(facts.traveledKm * 1e6),
  };
}

describe.each(stores)('ingest of a batch on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => {
    await closeStore(store);
  });

  it('judges and stores a batch exactly as the same reports posted one at a time, in the same order', async () => {
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    const oneAtATime = async (caravan: Caravan, items: unknown[]) => {
      const results: IngestResult[] = [];
      for (const item of items) results.push(await ingest(caravan, [item], ORIGIN));
      return results;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fix, { maxLength: 8 }),
        fc.array(fix, { minLength: 1, maxLength: 25 }),
        async (storedBefore, fixes) => {
          const [together, separately] = [makeCaravan(), makeCaravan()];
          for (const caravan of [together, separately]) {
            await store.createCaravan(caravan);
            await oneAtATime(caravan, storedBefore.map(toInput));
          }
          const items = fixes.map(toInput);
          const batchResult = await ingest(together, items, ORIGIN);
          const singleResults = await oneAtATime(separately, items);
          expect(await outcome(store, together.id, [batchResult])).toEqual(await outcome(store, separately.id, singleResults));
        },
      ),
      {
        numRuns: 60,
        examples: [
          // Found by CI: a leg added and taken back left -1e-13 km on one side, 0 on the other.
          [
            [],
            [
              { id: 'f1', minute: 1, kind: 'near', jitter: 0 },
              { id: 'f3', minute: 0, kind: 'near', jitter: -1 },
              { id: 'f0', minute: 3, kind: 'step', jitter: 1 },
              { id: 'f2', minute: 0, kind: 'jump', jitter: 0 },
            ],
          ],
        ],
      },
    );
  });

  it('flags a jump judged against an earlier report of the same batch, and the return against the fix before the jump', async () => {
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    const near = { lng: -92.2633, lat: 14.9056, accuracyM: 10 };
    const result = await ingest(
      caravan,
      [
        { ...near, id: 'back', recordedAt: START_MS + 120_000 },
        { ...near, id: 'start', recordedAt: START_MS },
        { ...near, id: 'jump', lng: -91.2633, recordedAt: START_MS + 60_000 },
      ],
      ORIGIN,
    );
    expect(result.rejected).toEqual([]);
    const flags = Object.fromEntries(result.accepted.map(({ id, report }) => [id, report!.flags]));
    expect(flags).toEqual({ back: [], start: [], jump: ['implausible_speed'] });
  });
});
