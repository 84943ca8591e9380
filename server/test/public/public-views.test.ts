import type { Caravan, PublicSnapshot, Report } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicProjection, publicStepMs, releasedUntil, SAMPLE_WINDOW_STEPS } from '../../src/public/public-projection';
import { createPublicViews } from '../../src/public/public-views';
import { reportPages } from '../../src/public/report-pages';
import { createCaravanCache } from '../../src/services/caravan-cache';
import type { TrackStore } from '../../src/store/track-store';
import { closeStore, makeCaravan, makeReport, seededRandom, stores } from '../helper';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** Seeded draws (see seededRandom): a failing sequence replays from its seed. */
function random(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  };
}

/** A fix near Tapachula fixed at `recordedAtMs`; a few share a cell, a few carry notes or flags. */
function fixAt(
  caravanId: string,
  id: string,
  recordedAtMs: number,
  rng: ReturnType<typeof random>,
  receivedAtMs = recordedAtMs + 1_000,
): Report {
  const report = makeReport(
    caravanId,
    {
      id,
      // Few distinct places: consecutive fixes often share a cell, and ties in time happen.
      lng: -92.2633 - rng.int(12) * 0.01,
      lat: 14.9056 + rng.int(12) * 0.01,
      recordedAt: new Date(recordedAtMs).toISOString(),
      ...(rng.next() < 0.3 ? { headcount: 100 + rng.int(900) } : {}),
      ...(rng.next() < 0.3 ? { note: `nota ${id}` } : {}),
    },
    { receivedAt: new Date(receivedAtMs) },
  );
  return rng.next() < 0.1 ? { ...report, flags: ['low_accuracy'] } : report;
}

/** The views' sources: the store, and caravans through the cache every path uses, on the test's clock. */
const sources = (store: TrackStore, now: () => number) => ({ store, caravans: createCaravanCache(store, { now }) });

/** What the public would get from a full read of the track now: the projection as it always was. */
async function fullRecompute(store: TrackStore, caravanId: string, now: number): Promise<string> {
  const caravan = (await store.getCaravan(caravanId))!;
  return JSON.stringify(publicProjection(caravan, await store.listTrack(caravanId, releasedUntil(caravan, now), 1e9), now));
}

describe.each(stores)('public views on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(() => closeStore(store));

  it.each([1, 2, 3])(
    'answers exactly what a full recompute gives, over random inserts, late fixes, hides and settings (seed %i)',
    async (seed) => {
      const rng = random(seed);
      let clock = START;
      const caravan: Caravan = makeCaravan();
      await store.createCaravan(caravan);
      // Small pages, so reads of a few hundred reports go through several of them.
      const views = createPublicViews(
        sources(store, () => clock),
        { now: () => clock, pageReports: 7 },
      );
      const ids: string[] = [];
      let n = 0;
      const insert = async (recordedAtMs: number, receivedAtMs?: number) => {
        const report = fixAt(caravan.id, `r${n++}`, recordedAtMs, rng, receivedAtMs);
        await store.insertReport(report);
        ids.push(report.id);
      };
      for (let step = 0; step < 120; step++) {
        const action = rng.next();
        const until = releasedUntil((await store.getCaravan(caravan.id))!, clock);
        if (action < 0.45) {
          // Fresh fixes, still inside the delay (some at the same millisecond).
          const at = clock - rng.int(40) * MINUTE;
          for (let i = rng.int(6); i >= 0; i--) await insert(rng.next() < 0.2 ? at : at - rng.int(MINUTE));
        } else if (action < 0.6) {
          // A late fix in the released past, stored as if on another instance: nothing tells the views.
          // Half of them arrive now (a queue flushed late, a clock behind): withheld until a delay later.
          await insert(until - rng.int(5 * 60) * MINUTE, rng.next() < 0.5 ? clock : undefined);
        } else if (action < 0.62) {
          // Exactly at the release point, and exactly at the previous one.
          await insert(until);
          await insert(until - MINUTE);
        } else if (action < 0.75 && ids.length > 0) {
          // Moderation, on this instance (the app invalidates, as app.ts does) or on another one.
          await store.setHidden(caravan.id, rng.pick(ids), rng.next() < 0.7);
          if (rng.next() < 0.5) views.invalidate(caravan.id);
        } else if (action < 0.8) {
          // New public settings, saved as if on another instance.
          const current = (await store.getCaravan(caravan.id))!;
          await store.updateCaravan({
            ...current,
            public: { delayMinutes: rng.pick([10, 30, 45]), precisionKm: rng.pick([1, 2, 5]), showNotes: rng.next() < 0.5 },
          });
        }
        // Past the cache's few seconds, so every answer must be current; often past a release minute.
        clock += 5_000 + (rng.next() < 0.6 ? rng.int(3) * MINUTE + rng.int(MINUTE) : rng.int(4_000));
        const view = (await views.view(caravan.id))!;
        expect(view.body, `step ${step}`).toBe(await fullRecompute(store, caravan.id, clock));
        expect(view.body).toBe(JSON.stringify(view.snapshot));
      }
    },
    60_000,
  );

  it('drops a report hidden on another instance as soon as its cached snapshot expires', async () => {
    const rng = random(9);
    let clock = START;
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    for (let i = 0; i < 20; i++) await store.insertReport(fixAt(caravan.id, `h${i}`, clock - (200 - i * 5) * MINUTE, rng));
    // No backstop within the test: only the cheap check can see the hide.
    const views = createPublicViews(
      sources(store, () => clock),
      { now: () => clock, fullReadMs: 3_600_000 },
    );
    const before = (await views.view(caravan.id))!.body;
    clock += 1_000; // within the release minute: the next check compares counts only
    expect((await views.view(caravan.id))!.body).toBe(before);
    // Every fix the newest public sample could show: its window is the steps before its time.
    const shownAt = Date.parse((JSON.parse(before) as PublicSnapshot).latest!.recordedAt);
    const stepMs = publicStepMs(caravan.public.precisionKm);
    const window = (await store.listTrack(caravan.id, shownAt, 100)).filter(
      (report) => Date.parse(report.recordedAt) >= shownAt - SAMPLE_WINDOW_STEPS * stepMs,
    );
    expect(window.length).toBeGreaterThan(0);
    for (const report of window) await store.setHidden(caravan.id, report.id, true); // nothing tells these views
    const hidden = await fullRecompute(store, caravan.id, clock);
    expect(hidden).not.toBe(before);
    clock += 5_000;
    expect((await views.view(caravan.id))!.body).toBe(await fullRecompute(store, caravan.id, clock));
  });

  it('shares one computation among concurrent requests, and does not keep a failure', async () => {
    const rng = random(4);
    const clock = START;
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    for (let i = 0; i < 30; i++) await store.insertReport(fixAt(caravan.id, `s${i}`, clock - (100 + i) * MINUTE, rng));
    let reads = 0;
    let failNext = true;
    const counting: TrackStore = Object.create(store, {
      // Every request reaches the views in the same turn (Redis answers each at its own time).
      getCaravan: { value: async () => structuredClone(caravan) },
      listReports: {
        value: async (...args: Parameters<TrackStore['listReports']>) => {
          reads++;
          if (failNext) {
            failNext = false;
            await new Promise((resolve) => setTimeout(resolve, 50));
            throw new Error('store down');
          }
          return store.listReports(...args);
        },
      },
    }) as TrackStore;
    const views = createPublicViews(
      sources(counting, () => clock),
      { now: () => clock, pageReports: 10 },
    );
    const failed = await Promise.allSettled(Array.from({ length: 20 }, () => views.view(caravan.id)));
    expect(failed.every((result) => result.status === 'rejected')).toBe(true);
    expect(reads).toBe(1);
    reads = 0;
    const answers = await Promise.all(Array.from({ length: 50 }, () => views.view(caravan.id)));
    expect(new Set(answers.map((view) => view!.etag)).size).toBe(1);
    expect(reads).toBe(4); // 30 reports in pages of 10 (the last one empty), once for all 50 requests
    expect(answers[0]!.body).toBe(await fullRecompute(store, caravan.id, clock));
  });

  it('stops a full read overtaken by a change, and answers its waiters after the change', async () => {
    const rng = random(6);
    const clock = START;
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    for (let i = 0; i < 40; i++) await store.insertReport(fixAt(caravan.id, `c${i}`, clock - (100 + i) * MINUTE, rng));
    const track = await store.listTrack(caravan.id, releasedUntil(caravan, clock), 100);
    let reads = 0;
    const views = createPublicViews(
      sources(
        Object.create(store, {
          listReports: {
            value: async (...args: Parameters<TrackStore['listReports']>) => {
              // Moderation on this instance while the first read is under way.
              if (++reads === 2) {
                await store.setHidden(caravan.id, track.at(-1)!.id, true);
                views.invalidate(caravan.id);
              }
              return store.listReports(...args);
            },
          },
        }) as TrackStore,
        () => clock,
      ),
      { now: () => clock, pageReports: 10 },
    );
    const answer = (await views.view(caravan.id))!;
    expect(answer.body).toBe(await fullRecompute(store, caravan.id, clock));
    expect(reads).toBe(2 + 5); // two pages of the stopped read, then the five of the one after the change
    expect((await views.view(caravan.id))!.etag).toBe(answer.etag);
  });

  it('pages through many fixes at one millisecond without losing or repeating one', async () => {
    const rng = random(5);
    const caravan = makeCaravan();
    await store.createCaravan(caravan);
    for (let i = 0; i < 25; i++) await store.insertReport(fixAt(caravan.id, `p${String(i).padStart(2, '0')}`, START, rng));
    for (let i = 0; i < 5; i++) await store.insertReport(fixAt(caravan.id, `q${i}`, START + 1 + i, rng));
    const pages: Report[][] = [];
    for await (const page of reportPages(store, caravan.id, {}, 4)) pages.push(page);
    expect(pages.length).toBeGreaterThan(5);
    const all = await store.listReports(caravan.id, { limit: 100 });
    expect(pages.flat().map((report) => report.id)).toEqual(all.map((report) => report.id));
  });
});
