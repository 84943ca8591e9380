import { DEFAULT_PLAUSIBILITY } from '@rumbo/shared/geo';
import { geodesicDistanceKm } from '@rumbo/shared/geo';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DEMO_STEPS, demoReport } from '../../src/demo/demo-route';
import { DEMO_CARAVAN_ID, startDemo } from '../../src/demo/simulator';
import { createCaravanCache } from '../../src/services/caravan-cache';
import { createChangePusher } from '../../src/changes/push-changes';
import { createIngest } from '../../src/services/ingest';
import { MemoryStore } from '../../src/store/memory-store';
import type { InsertResult } from '../../src/store/track-store';

const TAPACHULA: [number, number] = [-92.2633, 14.9056];
const NUEVO_LAREDO: [number, number] = [-99.5161, 27.4769];
const silent = pino({ level: 'silent' });
/** Long enough that only the immediate first tick runs during a test. */
const NEVER_MS = 3_600_000;

/** A store whose inserts take longer than the demo's interval, like Redis under load. */
class SlowStore extends MemoryStore {
  override async insertReport(...args: Parameters<MemoryStore['insertReport']>): Promise<InsertResult> {
    await new Promise((resolve) => setTimeout(resolve, 40));
    return super.insertReport(...args);
  }
}

const kmFrom = (place: [number, number], step: number) => {
  const report = demoReport(step);
  return geodesicDistanceKm(place, [report.lng, report.lat]);
};

describe('demoReport', () => {
  it('is a pure function of the step', () => {
    for (const step of [0, 1, 57, DEMO_STEPS - 1]) expect(demoReport(step)).toEqual(demoReport(step));
    expect(demoReport(1)).not.toEqual(demoReport(2));
  });

  it('starts at Tapachula and ends at Nuevo Laredo', () => {
    expect(kmFrom(TAPACHULA, 0)).toBeLessThan(1);
    expect(kmFrom(NUEVO_LAREDO, DEMO_STEPS - 1)).toBeLessThan(1);
    expect(kmFrom(NUEVO_LAREDO, Math.floor(DEMO_STEPS / 2))).toBeGreaterThan(300);
  });

  it('has one id per step and fix times that always increase', () => {
    const reports = Array.from({ length: DEMO_STEPS }, (_, step) => demoReport(step));
    expect(new Set(reports.map((report) => report.id)).size).toBe(DEMO_STEPS);
    const times = reports.map((report) => Date.parse(String(report.recordedAt)));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
  });

  it('moves at walking pace: no step jumps more than a few kilometres', () => {
    for (let step = 1; step < DEMO_STEPS; step++) {
      const [from, to] = [demoReport(step - 1), demoReport(step)];
      expect(geodesicDistanceKm([from.lng, from.lat], [to.lng, to.lat])).toBeLessThan(3);
    }
  });
});

describe('startDemo', () => {
  it('creates caravan demo and stores its first report, marked source demo, before returning', async () => {
    const store = new MemoryStore();
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    const stop = await startDemo({ store, caravans: createCaravanCache(store), ingest, log: silent, intervalMs: NEVER_MS });
    stop();

    expect((await store.getCaravan(DEMO_CARAVAN_ID))?.name).toMatch(/demo/i);
    const reports = await store.listReports(DEMO_CARAVAN_ID, { limit: 10 });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ id: 'demo-0', source: 'demo', reporterId: 'demo', flags: [], hidden: false });
  });

  it('resumes at the next step when started again: no repeated ids, one more report each start', async () => {
    const store = new MemoryStore();
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    for (let start = 1; start <= 3; start++) {
      const stop = await startDemo({ store, caravans: createCaravanCache(store), ingest, log: silent, intervalMs: NEVER_MS });
      stop();
      const reports = await store.listReports(DEMO_CARAVAN_ID, { limit: 10 });
      expect(reports.map((report) => report.id)).toEqual(Array.from({ length: start }, (_, step) => `demo-${step}`));
    }
    expect((await store.trackFacts(DEMO_CARAVAN_ID)).reportCount).toBe(3);
  });

  it('keeps reporting on its interval until stopped', async () => {
    const store = new MemoryStore();
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    const stop = await startDemo({ store, caravans: createCaravanCache(store), ingest, log: silent, intervalMs: 10 });
    await expect
      .poll(async () => (await store.trackFacts(DEMO_CARAVAN_ID)).reportCount, { timeout: 2_000 })
      .toBeGreaterThanOrEqual(3);
    stop();
    const countWhenStopped = (await store.trackFacts(DEMO_CARAVAN_ID)).reportCount;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await store.trackFacts(DEMO_CARAVAN_ID)).reportCount).toBe(countWhenStopped);
  });

  it('skips no step when a store is slower than the interval', async () => {
    const store = new SlowStore();
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
    const stop = await startDemo({ store, caravans: createCaravanCache(store), ingest, log: silent, intervalMs: 5 });
    await expect
      .poll(async () => (await store.trackFacts(DEMO_CARAVAN_ID)).reportCount, { timeout: 2_000 })
      .toBeGreaterThanOrEqual(4);
    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ids = (await store.listReports(DEMO_CARAVAN_ID, { limit: 100 })).map((report) => report.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, step) => `demo-${step}`));
  });

  it('reports with the caravan as it is now, not as it was at start (an admin renamed it)', async () => {
    const store = new MemoryStore();
    const caravans = createCaravanCache(store);
    const namesTold: string[] = [];
    const pusher = createChangePusher({
      store,
      caravans,
      changes: { publish: async (_kind, write) => void namesTold.push('caravan' in write ? write.caravan.name : '') },
      log: silent,
      sweepMs: NEVER_MS,
    });
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: pusher.push });
    const stop = await startDemo({ store, caravans, ingest, log: silent, intervalMs: 10 });
    const renamed = { ...(await store.getCaravan(DEMO_CARAVAN_ID))!, name: 'Renamed by the newsroom' };
    await store.updateCaravan(renamed);
    caravans.forget(DEMO_CARAVAN_ID);
    await expect.poll(() => namesTold.at(-1), { timeout: 5_000 }).toBe('Renamed by the newsroom');
    stop();
    pusher.close();
    expect(namesTold[0]).toMatch(/demo/i);
  });
});
