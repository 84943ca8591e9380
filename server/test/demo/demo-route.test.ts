import { DEFAULT_PLAUSIBILITY } from '@rumbo/shared/geo';
import { geodesicDistanceKm } from '@rumbo/shared/geo';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_NOW_STEP, DEMO_ROUTE, DEMO_STEPS, demoFixTimeMs, demoReport, demoStepsBy } from '../../src/demo/demo-route';
import { DEMO_CARAVAN_ID, demoShiftMs, startDemo, type DemoOptions } from '../../src/demo/simulator';
import { createCaravanCache } from '../../src/services/caravan-cache';
import { createChangePusher } from '../../src/changes/push-changes';
import { createIngest } from '../../src/services/ingest';
import { MemoryStore } from '../../src/store/memory-store';
import type { InsertResult, TrackStore } from '../../src/store/track-store';
import { closeStore, newCaravanId, stores } from '../helper';

const TAPACHULA: [number, number] = [-92.2633, 14.9056];
const NUEVO_LAREDO: [number, number] = [-99.5161, 27.4769];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const silent = pino({ level: 'silent' });
/** Demo time at 100,000× the wall clock: a fix 20 minutes on is 12 ms away, a night's rest under a second. */
const FAST = 100_000;

/** A store whose inserts take their time, like Redis under load. */
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

/** The demo on a store, as the server starts it, with a clock and speed the test chooses. */
function demo(store: TrackStore, caravanId: string, options: Partial<DemoOptions> = {}) {
  const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: async () => {} });
  return startDemo({ store, caravans: createCaravanCache(store), ingest, log: silent, caravanId, ...options });
}

const storedIds = async (store: TrackStore, caravanId: string) =>
  (await store.listReports(caravanId, { limit: 10_000 })).map((report) => report.id);
const stepIds = (count: number) => Array.from({ length: count }, (_, step) => `demo-${step}`);

describe('demoReport', () => {
  it('is a pure function of the step and the shift', () => {
    for (const step of [0, 1, 57, DEMO_STEPS - 1]) expect(demoReport(step)).toEqual(demoReport(step));
    expect(demoReport(1)).not.toEqual(demoReport(2));
    const shifted = demoReport(57, 1_000 * DAY_MS);
    expect(shifted).toEqual({ ...demoReport(57), recordedAt: new Date(demoFixTimeMs(57) + 1_000 * DAY_MS).toISOString() });
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

  it('counts the steps taken by a moment', () => {
    expect(demoStepsBy(demoFixTimeMs(0) - 1)).toBe(0);
    expect(demoStepsBy(demoFixTimeMs(0))).toBe(1);
    expect(demoStepsBy(demoFixTimeMs(DEMO_NOW_STEP) + 19 * MINUTE_MS)).toBe(DEMO_NOW_STEP + 1);
    expect(demoStepsBy(demoFixTimeMs(DEMO_STEPS - 1) + 365 * DAY_MS)).toBe(DEMO_STEPS);
  });

  it('moves at walking pace: no step jumps more than a few kilometres', () => {
    for (let step = 1; step < DEMO_STEPS; step++) {
      const [from, to] = [demoReport(step - 1), demoReport(step)];
      expect(geodesicDistanceKm([from.lng, from.lat], [to.lng, to.lat])).toBeLessThan(3);
    }
  });
});

describe.each(stores)('the demo on the %s store', (kind, makeStore) => {
  const opened: TrackStore[] = [];
  /** A store as a (re)started server opens it: Redis anew each time, the one memory store otherwise. */
  const open = () => {
    if (kind === 'memory' && opened[0]) return opened[0];
    const store = makeStore();
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => closeStore(store)));
  });

  it('stores the walk up to now at once, as a live caravan a third of the way along its planned route', async () => {
    const caravanId = newCaravanId('demo');
    const store = open();
    const startedAt = Date.now();
    const stop = await demo(store, caravanId, { now: () => startedAt });
    await stop();

    const caravan = (await store.getCaravan(caravanId))!;
    expect(caravan).toMatchObject({ createdAt: new Date(startedAt).toISOString(), route: DEMO_ROUTE });
    expect(caravan.name).toMatch(/demo/i);
    const reports = await store.listReports(caravanId, { limit: 10_000 });
    expect(reports.map((report) => report.id)).toEqual(stepIds(DEMO_NOW_STEP + 1));
    // Timed around now: the newest fix is now, the first one the walk's days ago, not in 2023.
    expect(reports.at(-1)!.recordedAt).toBe(new Date(startedAt).toISOString());
    const walkedMs = demoFixTimeMs(DEMO_NOW_STEP) - demoFixTimeMs(0);
    expect(walkedMs).toBeGreaterThan(10 * DAY_MS);
    expect(reports[0]!.recordedAt).toBe(new Date(startedAt - walkedMs).toISOString());
    for (const report of reports) expect(report).toMatchObject({ source: 'demo', reporterId: 'demo', flags: [], hidden: false });
  });

  it('resumes after a restart from its stored creation time: what came due while down once, no gap, no repeat', async () => {
    const caravanId = newCaravanId('demo');
    const createdAt = Date.now() - 3 * DAY_MS;
    await (
      await demo(open(), caravanId, { now: () => createdAt })
    )();
    const twoDaysOn = createdAt + 2 * DAY_MS + 5 * MINUTE_MS;
    await (
      await demo(open(), caravanId, { now: () => twoDaysOn })
    )();

    const store = open();
    const shiftMs = createdAt - demoFixTimeMs(DEMO_NOW_STEP);
    expect(demoShiftMs((await store.getCaravan(caravanId))!)).toBe(shiftMs);
    const due = demoStepsBy(twoDaysOn - shiftMs);
    // Two days of walking came due while it was down: eight hours a day, a fix every 20 minutes.
    expect(due - (DEMO_NOW_STEP + 1)).toBeGreaterThanOrEqual(2 * 24 - 1);
    const reports = await store.listReports(caravanId, { limit: 10_000 });
    expect(reports.map((report) => report.id)).toEqual(stepIds(due));
    // Each fix at its step's time on the one timeline fixed by the creation time, none in the future.
    for (const [step, report] of reports.entries()) {
      expect(Date.parse(report.recordedAt)).toBe(demoFixTimeMs(step) + shiftMs);
      expect(Date.parse(report.recordedAt)).toBeLessThanOrEqual(twoDaysOn);
    }

    // Started again at the same moment: nothing new, nothing twice.
    await (
      await demo(open(), caravanId, { now: () => twoDaysOn })
    )();
    expect(await storedIds(open(), caravanId)).toEqual(stepIds(due));
    expect((await open().trackFacts(caravanId)).reportCount).toBe(due);
  });

  it('posts each later step when its time comes (sped up here), and nothing once stopped', async () => {
    const caravanId = newCaravanId('demo');
    const store = open();
    const stop = await demo(store, caravanId, { speed: FAST });
    await expect
      .poll(async () => (await store.trackFacts(caravanId)).reportCount, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(DEMO_NOW_STEP + 4);
    await stop();
    const idsWhenStopped = await storedIds(store, caravanId);
    expect(idsWhenStopped).toEqual(stepIds(idsWhenStopped.length));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await storedIds(store, caravanId)).toEqual(idsWhenStopped);
  });
});

describe('startDemo', () => {
  it('creates caravan demo by default', async () => {
    const store = new MemoryStore();
    await (
      await demo(store, DEMO_CARAVAN_ID)
    )();
    expect((await store.getCaravan(DEMO_CARAVAN_ID))?.name).toMatch(/demo/i);
    expect((await store.trackFacts(DEMO_CARAVAN_ID)).reportCount).toBe(DEMO_NOW_STEP + 1);
  });

  it('skips no step when the store is slow', async () => {
    const store = new SlowStore();
    const stop = await demo(store, DEMO_CARAVAN_ID, { speed: FAST });
    await expect
      .poll(async () => (await store.trackFacts(DEMO_CARAVAN_ID)).reportCount, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(DEMO_NOW_STEP + 3);
    await stop();
    const ids = await storedIds(store, DEMO_CARAVAN_ID);
    expect(ids).toEqual(stepIds(ids.length));
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
      sweepMs: 3_600_000,
    });
    const ingest = createIngest({ store, limits: DEFAULT_PLAUSIBILITY, pushChanges: pusher.push });
    const stop = await startDemo({ store, caravans, ingest, log: silent, speed: FAST });
    const renamed = { ...(await store.getCaravan(DEMO_CARAVAN_ID))!, name: 'Renamed by the newsroom' };
    await store.updateCaravan(renamed);
    caravans.forget(DEMO_CARAVAN_ID);
    await expect.poll(() => namesTold.at(-1), { timeout: 10_000 }).toBe('Renamed by the newsroom');
    await stop();
    pusher.close();
    expect(namesTold[0]).toMatch(/demo/i);
  });
});
