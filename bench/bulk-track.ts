import type { Report } from '@rumbo/shared';
import { DEFAULT_PLAUSIBILITY, legKm } from '@rumbo/shared/geo';
import { buildReport } from '../server/src/services/report-factory';
import { keys } from '../server/src/store/keys';
import type { RedisStore } from '../server/src/store/redis-store';
import { isOnTrack } from '@rumbo/shared/track';

const START = { lng: -92.2633, lat: 14.9056 }; // Tapachula
const END = { lng: -106.45, lat: 31.69 }; // near Ciudad Juárez
const BATCH = 2_000;

/**
 * Fix `step` of `count` on a meandering way north: winding like a road, so the public track keeps
 * many vertices after simplification (a straight line would shrink to two).
 */
function fixAt(step: number, count: number, recordedAtMs: number) {
  const along = step / count;
  const sideways = 0.15 * Math.sin(2 * Math.PI * 40 * along) + 0.05 * Math.sin(2 * Math.PI * 310 * along);
  return {
    id: `bulk-${String(step).padStart(6, '0')}`,
    lng: START.lng + (END.lng - START.lng) * along + sideways * 0.8,
    lat: START.lat + (END.lat - START.lat) * along + sideways * 0.6,
    recordedAt: new Date(recordedAtMs).toISOString(),
    accuracyM: 5,
    ...(step % 100 === 0 ? { headcount: 2_000 + (step % 700) } : {}),
  };
}

/**
 * Benchmark-only bulk load of a caravan's track, `count` fixes `everyMs` apart up to `endMs`:
 * the reports built as ingest builds them, written with pipelined commands in the layout the
 * store keeps (the reports hash, the all, candidates and track sets, the traveledKm total). Inserting
 * them one by one through RedisStore.insertReport takes several round trips each, minutes for
 * 100,000. The walk is plausible throughout: every candidate is on the track.
 */
export async function bulkInsertTrack(store: RedisStore, caravanId: string, count: number, endMs: number, everyMs: number) {
  let previous: Report | null = null;
  let traveledKm = 0;
  for (let first = 0; first < count; first += BATCH) {
    const reports: Report[] = [];
    for (let step = first; step < Math.min(count, first + BATCH); step++) {
      const recordedAtMs = endMs - (count - 1 - step) * everyMs;
      const origin = { caravanId, reporterId: 'bench', source: 'api' as const, receivedAt: new Date(recordedAtMs + 5_000) };
      const report = buildReport(fixAt(step, count, recordedAtMs), origin, { limits: DEFAULT_PLAUSIBILITY });
      if (isOnTrack(report)) {
        if (previous) traveledKm += legKm(previous, report);
        previous = report;
      }
      reports.push(report);
    }
    const onTrack = reports.filter(isOnTrack);
    const scored = (list: Report[]) => list.flatMap((report) => [Date.parse(report.recordedAt), report.id]);
    const pipeline = store.redis
      .pipeline()
      .hset(keys.reports(caravanId), Object.fromEntries(reports.map((report) => [report.id, JSON.stringify(report)])))
      .zadd(keys.all(caravanId), ...scored(reports));
    if (onTrack.length > 0)
      pipeline.zadd(keys.track(caravanId), ...scored(onTrack)).zadd(keys.candidates(caravanId), ...scored(onTrack));
    const failed = (await pipeline.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
  }
  await store.redis.hset(keys.state(caravanId), 'traveledKm', String(traveledKm), 'layout', '2');
}
