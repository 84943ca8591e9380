import { LIMITS } from '@rumbo/shared';
import { adminHeaders } from '../server/test/helper';
import { syntheticTrack } from '../server/test/ingest/synthetic-gpx';
import type { BenchRedis } from './bench-redis';
import { startServer } from './server-api';
import { formatNumber, formatRatio } from './stats';

/** A phone's queue after a day without signal: reports a minute apart, walking north. */
const QUEUED_REPORTS = 5_000;
const GPX_POINTS = 50_000;

const queue = (run: string) =>
  Array.from({ length: QUEUED_REPORTS }, (_, step) => ({
    id: `${run}-${step}`,
    lng: -92.2633 - step * 1e-4,
    lat: 14.9056 + step * 1e-4,
    recordedAt: Date.UTC(2024, 0, 20, 6) + step * 60_000,
    accuracyM: 10,
  }));

/** POSTs and checks the answer; returns its JSON. */
async function post(url: string, body: string, contentType: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { ...adminHeaders, 'content-type': contentType }, body });
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Seconds `work` takes. */
async function seconds(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1_000;
}

/**
 * Reports that arrive together, as a phone's queue flushed after hours offline or a GPX file:
 * the same queue sent in batches of LIMITS.batchReports, against the same reports sent one per
 * request (the baseline, in the same run, on the same server); and a GPX file of the largest
 * size accepted. One client, one request at a time, as one phone sends them.
 */
export async function batchesBench(redis: BenchRedis): Promise<string[]> {
  const server = await startServer({ kind: 'rumbo', redisUrl: redis.url });
  try {
    const reportsUrl = (caravanId: string) => `${server.ready.baseUrl}/api/v1/caravans/${caravanId}/reports`;
    const single = await redis.createCaravan('batches-single');
    const batched = await redis.createCaravan('batches-batched');
    const gpx = await redis.createCaravan('batches-gpx');

    const singleSeconds = await seconds(async () => {
      for (const report of queue('single')) await post(reportsUrl(single), JSON.stringify(report), 'application/json');
    });
    const batchedSeconds = await seconds(async () => {
      const reports = queue('batched');
      for (let first = 0; first < reports.length; first += LIMITS.batchReports)
        await post(
          reportsUrl(batched),
          JSON.stringify({ reports: reports.slice(first, first + LIMITS.batchReports) }),
          'application/json',
        );
    });
    const file = syntheticTrack(GPX_POINTS);
    const gpxSeconds = await seconds(async () => {
      const answer = (await post(`${server.ready.baseUrl}/api/v1/caravans/${gpx}/import`, file, 'application/gpx+xml')) as {
        imported: number;
      };
      if (answer.imported !== GPX_POINTS) throw new Error(`GPX import stored ${answer.imported} of ${GPX_POINTS} points`);
    });

    const rates = {
      single: QUEUED_REPORTS / singleSeconds,
      batched: QUEUED_REPORTS / batchedSeconds,
      gpx: GPX_POINTS / gpxSeconds,
    };
    const row = (name: string, rate: number, took: number) =>
      `  ${name.padEnd(36)} ${formatNumber(rate).padStart(7)} reports/s   ${took.toFixed(2)} s`;
    return [
      `batches: ${formatNumber(QUEUED_REPORTS)} queued reports and a ${formatNumber(GPX_POINTS)}-point GPX file, one request at a time (RedisStore, Redis adapter)`,
      row(`queue in batches of ${LIMITS.batchReports}`, rates.batched, batchedSeconds),
      row(`GPX import, one upload of ${formatNumber(file.length / 1_048_576, 1)} MB`, rates.gpx, gpxSeconds),
      row('baseline: the queue one report per request', rates.single, singleSeconds),
      `  ratio: batches ${formatRatio(rates.batched / rates.single)}, GPX ${formatRatio(rates.gpx / rates.single)} the baseline's reports/s`,
    ];
  } finally {
    await server.stop();
  }
}
