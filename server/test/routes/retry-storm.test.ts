import { isDoubted } from '@rumbo/shared/track';
import type { CaravanSummary, IngestResult } from '@rumbo/shared';
import { summarizeTrack } from '@rumbo/shared/geo';
import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, listReports, postReports, shuffled, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

const REPORTS = 1_000;
const COPIES = 3;
const IN_FLIGHT = 64;

/** Runs the tasks with at most `limit` in flight, like a phone queue flushing on a good signal. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe.each(stores)('a retry storm on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  it(`stores ${REPORTS} reports sent ${COPIES} times, shuffled and concurrently, exactly once and in order`, async () => {
    const caravanId = await createCaravan(setup.app);
    const reports = walk(REPORTS, Date.UTC(2024, 0, 1, 13));
    const sends = shuffled(
      reports.flatMap((report) => Array.from({ length: COPIES }, () => report)),
      7,
    );
    const answers = await inParallel(
      sends.map((report) => () => postReports(setup.app, caravanId, report)),
      IN_FLIGHT,
    );

    expect(answers.every((answer) => answer.statusCode === 201 || answer.statusCode === 200)).toBe(true);
    const firsts = answers.filter((answer) => !answer.json<IngestResult>().accepted[0]!.duplicate);
    expect(firsts).toHaveLength(REPORTS);

    const stored = await listReports(setup.app, caravanId, '?limit=10000');
    expect(stored.map((report) => report.id)).toEqual(reports.map((report) => report.id));
    // Nothing doubted (the walk is backfilled, so each carries the clock_behind notice and stays on the track).
    expect(stored.every((report) => !isDoubted(report))).toBe(true);

    const summary = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();
    expect(summary.reportCount).toBe(REPORTS);
    expect(summary.latest!.id).toBe(reports.at(-1)!.id);
    const reference = summarizeTrack([-92.2633, 14.9056], stored);
    expect(summary.metrics.traveledKm).toBeCloseTo(reference.traveledKm, 3);
    expect(summary.metrics).toEqual(reference);
  }, 180_000);
});
