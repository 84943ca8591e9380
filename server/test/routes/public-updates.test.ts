import type { PublicSnapshot, PublicUpdates } from '@rumbo/shared';
import { applyPublicUpdates, type HeldSnapshot } from '@rumbo/shared/public-updates';
import { beforeEach, describe, expect, it } from 'vitest';
import { publicProjection } from '../../src/public/public-projection';
import { adminHeaders, createCaravan, makeReport, seededRandom, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const MINUTE = 60_000;
/** The test's clock starts here: fixes are stored with their arrival on this clock. */
const START = Date.UTC(2024, 4, 1, 12, 0, 0);
/** Default public settings of a new caravan: a 30-minute delay, 2 km grid, hence a 30-minute step. */
const DELAY_MS = 30 * MINUTE;
const STEP_MS = 30 * MINUTE;

/** Every primitive value in a JSON value, as text: what an observer could read out of an answer. */
function valuesIn(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [JSON.stringify(value)];
  return Object.values(value).flatMap(valuesIn);
}

describe.each(stores)('public updates on the %s store', (_kind, makeStore) => {
  let clock = START;
  beforeEach(() => {
    clock = START;
  });
  const setup = useTestApp(makeStore, { now: () => clock });
  const get = (url: string, headers: Record<string, string> = {}) => setup.app.inject({ method: 'GET', url, headers });
  const snapshotUrl = (caravanId: string) => `/api/v1/public/caravans/${caravanId}`;
  const updatesUrl = (caravanId: string, since: string) =>
    `/api/v1/public/caravans/${caravanId}/updates?since=${encodeURIComponent(since)}`;

  async function readSnapshot(caravanId: string): Promise<HeldSnapshot> {
    const answer = await get(snapshotUrl(caravanId));
    expect(answer.statusCode).toBe(200);
    return { snapshot: answer.json<PublicSnapshot>(), etag: String(answer.headers.etag) };
  }

  it('brings every reader, whatever step it started at, to exactly the current snapshot, through late fixes and hides, with nothing the snapshot does not show', async () => {
    const caravanId = await createCaravan(setup.app);
    const caravan = (await setup.store.getCaravan(caravanId))!;
    const next = seededRandom(17);
    const stored: string[] = [];
    const readers: HeldSnapshot[] = [];
    // A phone that slept through the walk: its step is long gone from what the server keeps.
    let sleeper: HeldSnapshot | null = null;
    const kinds = new Set<PublicUpdates['kind']>();
    let fixes = 0;
    for (let round = 0; round < 40; round++) {
      // A few fixes of the last ten minutes, walking north-west, each arriving a second later.
      for (let i = 0; i < 1 + Math.floor(next() * 3); i++) {
        const recordedAt = clock - Math.floor(next() * 10 * MINUTE);
        const id = `f-${fixes++}`;
        const step = fixes * 0.004;
        await setup.store.insertReport(
          makeReport(
            caravanId,
            {
              id,
              lng: -92.2633 - step,
              lat: 14.9056 + step * 1.5,
              recordedAt: new Date(recordedAt).toISOString(),
              note: `nota ${id}`,
            },
            { receivedAt: new Date(recordedAt + 1_000) },
          ),
        );
        stored.push(id);
      }
      // Now and then a fix from hours ago arrives late (a phone's queue): it lands in the released past.
      if (next() < 0.15) {
        const recordedAt = clock - 3 * 60 * MINUTE;
        const id = `late-${fixes++}`;
        await setup.store.insertReport(
          makeReport(
            caravanId,
            { id, lng: -92.3, lat: 14.95, recordedAt: new Date(recordedAt).toISOString() },
            { receivedAt: new Date(clock) },
          ),
        );
        stored.push(id);
      }
      // Now and then an editor hides a fix already public.
      if (next() < 0.2 && stored.length > 4) {
        const reportId = stored[Math.floor(next() * (stored.length - 4))]!;
        const hidden = await setup.app.inject({
          method: 'PATCH',
          url: `/api/v1/caravans/${caravanId}/reports/${reportId}`,
          headers: adminHeaders,
          payload: { hidden: true },
        });
        expect(hidden.statusCode).toBe(200);
      }
      clock += 10 * MINUTE;
      if (round % 3 === 0) readers.push(await readSnapshot(caravanId));
      if (round === 1) sleeper = await readSnapshot(caravanId);

      const current = await readSnapshot(caravanId);
      // The rule itself, on everything stored: the snapshot is the projection.
      const all = await setup.store.listReports(caravanId, { limit: 10_000 });
      expect(current.snapshot).toEqual(JSON.parse(JSON.stringify(publicProjection(caravan, all, clock))));
      for (const [index, held] of readers.entries()) {
        const answer = await get(updatesUrl(caravanId, held.snapshot.releasedUntil));
        expect(answer.statusCode).toBe(200);
        const updates = answer.json<PublicUpdates>();
        kinds.add(updates.kind);
        // Nothing in the answer that the current snapshot does not show, besides ETags.
        const shown = new Set(valuesIn(current.snapshot));
        const { etag: _etag, base: _base, kind: _kind, keep: _keep, ...rest } = updates as Record<string, unknown>;
        for (const value of valuesIn(rest)) expect(shown, `${value} is not in the current snapshot`).toContain(value);
        readers[index] = applyPublicUpdates(held, updates) ?? (await readSnapshot(caravanId));
        expect(readers[index]).toEqual(current);
      }
    }
    const woken = await get(updatesUrl(caravanId, sleeper!.snapshot.releasedUntil));
    const updates = woken.json<PublicUpdates>();
    kinds.add(updates.kind);
    expect(applyPublicUpdates(sleeper!, updates)).toEqual(await readSnapshot(caravanId));
    // The walk went through every kind of answer: nothing new within a step, diffs, and whole snapshots.
    expect([...kinds].sort()).toEqual(['diff', 'same', 'snapshot']);
  }, 60_000);

  it('is cacheable until the next release step, at most a minute, and answers 304 to its ETag', async () => {
    const caravanId = await createCaravan(setup.app);
    const { snapshot } = await readSnapshot(caravanId);
    const nextRelease = Date.parse(snapshot.releasedUntil) + STEP_MS + DELAY_MS;
    for (const secondsBefore of [1_500, 45, 1]) {
      clock = nextRelease - secondsBefore * 1_000;
      const answer = await get(updatesUrl(caravanId, snapshot.releasedUntil));
      expect(answer.json<PublicUpdates>().kind).toBe('same');
      expect(answer.headers['cache-control']).toBe(
        `public, max-age=${Math.min(60, secondsBefore)}, stale-while-revalidate=30, stale-if-error=86400`,
      );
      expect(answer.headers.vary).toBe('accept-encoding');
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      const again = await get(updatesUrl(caravanId, snapshot.releasedUntil), { 'if-none-match': String(answer.headers.etag) });
      expect(again.statusCode).toBe(304);
    }
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: `${snapshotUrl(caravanId)}/updates` });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('If-None-Match');
  });

  it('refuses a since that is no time, an unknown parameter, and answers 404 for a caravan that is not public', async () => {
    const caravanId = await createCaravan(setup.app);
    const noTime = await get(`${snapshotUrl(caravanId)}/updates?since=yesterday`);
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect(noTime.body).toContain('since');
    expect((await get(`${snapshotUrl(caravanId)}/updates`)).statusCode).toBe(400);
    const unknown = await get(`${updatesUrl(caravanId, new Date(START).toISOString())}&lat=1`);
    expect(unknown.statusCode).toBe(400);
    expect((await get(updatesUrl('no-such-caravan', new Date(START).toISOString()))).statusCode).toBe(404);
  });
});
