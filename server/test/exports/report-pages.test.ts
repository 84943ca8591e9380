import type { Report } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPages } from '../../src/exports/report-pages';
import type { TrackStore } from '../../src/store/track-store';
import { closeStore, iso, makeCaravan, makeReport, shuffled, stores } from '../helper';
import { watchedStore, type WatchedStore } from './watched-store';

const START_MS = Date.UTC(2024, 0, 10, 8);

describe.each(stores)('reportPages on the %s store', (_kind, makeStore) => {
  let watched: WatchedStore<TrackStore>;
  beforeAll(() => {
    watched = watchedStore(makeStore());
  });
  afterAll(async () => closeStore(watched.store));

  async function caravanWith(times: readonly number[]): Promise<string> {
    const caravan = makeCaravan();
    await watched.store.createCaravan(caravan);
    const inputs = times.map((ms, i) => ({
      id: `p-${String(i).padStart(3, '0')}`,
      lng: -92.2 - i * 1e-4,
      lat: 14.9,
      recordedAt: iso(ms),
    }));
    for (const input of shuffled(inputs, 7)) await watched.store.insertReport(makeReport(caravan.id, input));
    return caravan.id;
  }

  async function allPages(caravanId: string, pageReports: number): Promise<Report[][]> {
    const pages: Report[][] = [];
    for await (const page of reportPages(watched.store, caravanId, pageReports)) pages.push(page);
    return pages;
  }

  it('yields every report once, in track order, when many share one fix time across page boundaries', async () => {
    // 3 at the first time, 11 at the second (more than two pages), 1, then 6 at the last.
    const times = [
      ...Array(3).fill(START_MS),
      ...Array(11).fill(START_MS + 1000),
      START_MS + 2000,
      ...Array(6).fill(START_MS + 3000),
    ];
    const caravanId = await caravanWith(times);
    watched.reset();
    const pages = await allPages(caravanId, 4);
    const reads = watched.reads(caravanId).map((read) => read.limit);
    const everything = await watched.store.listReports(caravanId, { limit: 1000 });
    expect(pages.flat().map((report) => report.id)).toEqual(everything.map((report) => report.id));
    expect(everything).toHaveLength(times.length);
    for (const page of pages) expect(page.length).toBeGreaterThan(0);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(4);
    // Never the whole history in one read: at most a page plus the reports already read at the boundary's time.
    for (const limit of reads) expect(limit).toBeLessThanOrEqual(4 + 11);
  });

  it('reads an empty caravan once and yields nothing', async () => {
    const caravanId = await caravanWith([]);
    watched.reset();
    expect(await allPages(caravanId, 4)).toEqual([]);
    expect(watched.reads(caravanId)).toEqual([{ limit: 4 }]);
  });

  it('takes a report that lands after the page being read, and repeats none when one lands before it', async () => {
    const caravanId = await caravanWith(Array.from({ length: 6 }, (_, i) => START_MS + i * 60_000));
    const ids: string[] = [];
    let inserted = false;
    for await (const page of reportPages(watched.store, caravanId, 3)) {
      ids.push(...page.map((report) => report.id));
      if (inserted) continue;
      inserted = true;
      const late = { lng: -92.3, lat: 14.95 };
      await watched.store.insertReport(makeReport(caravanId, { ...late, id: 'a-before', recordedAt: iso(START_MS + 30_000) }));
      await watched.store.insertReport(
        makeReport(caravanId, { ...late, id: 'a-at-cursor', recordedAt: iso(START_MS + 120_000) }),
      );
      await watched.store.insertReport(makeReport(caravanId, { ...late, id: 'z-after', recordedAt: iso(START_MS + 240_000) }));
    }
    expect(ids).toEqual(['p-000', 'p-001', 'p-002', 'p-003', 'p-004', 'z-after', 'p-005']);
  });
});
