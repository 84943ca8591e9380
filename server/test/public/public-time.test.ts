import type { PublicSnapshot } from '@rumbo/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { publicStepMs } from '../../src/public/public-projection';
import { createPublicViews } from '../../src/public/public-views';
import { snapToGrid } from '../../src/public/snap-to-grid';
import { createCaravanCache } from '../../src/services/caravan-cache';
import { MemoryStore } from '../../src/store/memory-store';
import { HOUR_MS, adminHeaders, createCaravan, makeCaravan, makeReport, postReports, stores, walk } from '../helper';
import { createReporter } from '../routes/phone-app-helper';
import { useTestApp } from '../use-test-app';
import { observerErrors, simulatedWalk, type Sighting } from './observer-attack';

const MINUTE = 60_000;

describe('the public time step', () => {
  it('is the time a walking caravan takes to cross one grid cell, in whole minutes', () => {
    expect([0.5, 1, 2, 5, 10].map((precisionKm) => publicStepMs(precisionKm) / MINUTE)).toEqual([8, 15, 30, 75, 150]);
  });
});

describe.each(stores)('public time on the %s store', (_kind, makeStore) => {
  let aheadMs = 0;
  beforeEach(() => {
    aheadMs = 0;
  });
  const setup = useTestApp(makeStore, { now: () => Date.now() + aheadMs });
  const publicGet = async (caravanId: string) =>
    (await setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` })).json<PublicSnapshot>();

  it('keeps a fix from a phone whose clock runs six hours behind out of public view until it arrived a delay ago', async () => {
    const caravanId = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [caravanId]);
    // OsmAnd sending Mexican local time without a zone: read as UTC, six hours behind its arrival.
    const localTime = new Date(Date.now() - 6 * HOUR_MS).toISOString().slice(0, 19);
    const sent = await setup.app.inject({
      method: 'GET',
      url: `/ingest/osmand?id=${reporter.deviceId}&lat=15.654321&lon=-93.123456&timestamp=${localTime}&hdop=5`,
    });
    expect(sent.statusCode).toBe(200);
    const stored = (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: adminHeaders })
    ).json<{ reports: Array<{ flags: string[] }> }>().reports;
    // Noted for the desk, and still on the track: its position is not in doubt.
    expect(stored.map((report) => report.flags)).toEqual([['clock_behind']]);
    const summary = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders });
    expect(summary.json<{ latest: unknown }>().latest).not.toBeNull();
    // Its fix time is far past the delay, but it arrived just now: nothing shows.
    expect(await publicGet(caravanId)).toMatchObject({ latest: null, track: [] });
    aheadMs = 20 * MINUTE;
    expect((await publicGet(caravanId)).latest).toBeNull();
    // A delay and a step after it arrived, it shows, as its grid cell at a step's time.
    aheadMs = HOUR_MS;
    const shown = await publicGet(caravanId);
    expect([shown.latest?.lng, shown.latest?.lat]).toEqual(snapToGrid([-93.123456, 15.654321], 2));
    expect(Date.parse(shown.latest!.recordedAt) % publicStepMs(2)).toBe(0);
  });

  it('shows every time on the step: no fix’s own time, no milliseconds', async () => {
    const caravanId = await createCaravan(setup.app, { public: { delayMinutes: 30, precisionKm: 2, showNotes: true } });
    const reports = walk(40, Date.now() - 10 * HOUR_MS, 7 * MINUTE + 13_457).map((report, step) => ({
      ...report,
      ...(step % 4 === 0 ? { note: `nota ${step}` } : {}),
    }));
    expect((await postReports(setup.app, caravanId, { reports })).statusCode).toBe(201);
    aheadMs = HOUR_MS;
    const snapshot = await publicGet(caravanId);
    const times = [snapshot.releasedUntil, snapshot.latest!.recordedAt, ...snapshot.notes.map((note) => note.recordedAt)];
    expect(snapshot.notes.length).toBeGreaterThan(2);
    const fixTimes = new Set(reports.map((report) => new Date(report.recordedAt).toISOString()));
    for (const time of times) {
      expect(Date.parse(time) % publicStepMs(2), time).toBe(0);
      expect(fixTimes.has(time), time).toBe(false);
    }
  });
});

describe('an observer polling every minute', () => {
  it('cannot place the caravan better than half the grid size (median), though exact times would give it away', async () => {
    const precisionKm = 2;
    const start = Date.UTC(2024, 0, 1, 0, 0, 0);
    const walked = simulatedWalk(7, start, 48);
    const store = new MemoryStore();
    const caravan = { ...makeCaravan(), public: { delayMinutes: 30, precisionKm, showNotes: false } };
    await store.createCaravan(caravan);
    let clock = start;
    // No periodic full read: on this clock a minute passes per poll, and the answers are the same.
    const views = createPublicViews(
      { store, caravans: createCaravanCache(store, { now: () => clock }) },
      { now: () => clock, fullReadMs: Number.POSITIVE_INFINITY },
    );
    const sightings: Sighting[] = [];
    /** What the projection used to publish: the newest fix a delay old, in its cell, at its own time. */
    const exactSightings: Sighting[] = [];
    const sight = (seen: Sighting[], next: Sighting | null) => {
      const last = seen.at(-1);
      if (next && (!last || last.lng !== next.lng || last.lat !== next.lat)) seen.push(next);
    };
    for (const [minute, { atMs, position }] of walked.entries()) {
      clock = atMs + 5_000;
      const fix = { id: `w-${minute}`, lng: position[0], lat: position[1], recordedAt: atMs, accuracyM: 10 };
      await store.insertReport(makeReport(caravan.id, fix, { receivedAt: new Date(atMs + 3_000) }));
      sight(sightings, (await views.view(caravan.id))!.snapshot.latest);
      const delayed = walked[minute - 30];
      if (delayed) {
        const [lng, lat] = snapToGrid(delayed.position, precisionKm);
        sight(exactSightings, { lng, lat, recordedAt: new Date(delayed.atMs).toISOString() });
      }
    }
    const stepMs = publicStepMs(precisionKm);
    const errors = observerErrors(sightings, walked, stepMs);
    const exactErrors = observerErrors(exactSightings, walked, stepMs);
    expect(sightings.length).toBeGreaterThan(10);
    // The method has teeth: with exact times, reading where the caravan crossed each cell edge
    // places it within a fraction of the grid.
    expect(exactErrors.edge).toBeLessThan(precisionKm / 4);
    for (const [observer, medianKm] of Object.entries(errors)) expect(medianKm, observer).toBeGreaterThanOrEqual(precisionKm / 2);
  });
});
