import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../server/src/app';
import { mapSvg } from '../server/src/public/map-image/map-svg';
import { testConfig } from '../server/test/helper';
import type { BenchRedis } from './bench-redis';
import { bulkInsertTrack } from './bulk-track';
import { formatNumber, formatRatio } from './stats';

/** A month of a caravan on foot, one fix every 5 minutes: the public track a front page would show. */
const REPORTS = 8_000;
const EVERY_MS = 5 * 60_000;
const ROUNDS = 8;
const CACHED_REQUESTS = 200;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Milliseconds of one request over HTTP on 127.0.0.1, body read, as a reader's would take (not
 * app.inject: it decodes every body as text, which costs a 90 KB PNG several milliseconds).
 */
async function timed(baseUrl: string, path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`);
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return performance.now() - started;
}

/**
 * Static map images against the public snapshot they are drawn from (the baseline, same run, same
 * app): cold (the image drawn, the snapshot already cached, as when a release step turns) and
 * cached (a crowd asking for the same card), and how long a cold render holds the event loop.
 */
export async function imagesBench(redis: BenchRedis): Promise<string[]> {
  const caravanId = await redis.createCaravan('images');
  await bulkInsertTrack(redis.store, caravanId, REPORTS, Date.now() - 2 * 3_600_000, EVERY_MS);
  const app = await buildApp({ config: testConfig({ demo: false }), store: redis.store, clientDist: '/nonexistent' });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const base = `/api/v1/public/caravans/${caravanId}`;
    // Warm up the code paths (JIT, the basemap's JSON, resvg's first font load) once.
    await timed(baseUrl, base);
    await timed(baseUrl, `${base}/map.png?w=1199`);

    const coldSnapshot: number[] = [];
    const coldSvg: number[] = [];
    const coldPng: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      app.publicViews.invalidate(caravanId);
      coldSnapshot.push(await timed(baseUrl, base));
      // Sizes not asked for before: drawn anew (the PNG its SVG too), from the snapshot just computed.
      coldSvg.push(await timed(baseUrl, `${base}/map.svg?w=${1000 + round}&h=630`));
      coldPng.push(await timed(baseUrl, `${base}/map.png?w=${1300 + round}&h=630`));
    }
    const cached = async (url: string) => {
      await timed(baseUrl, url);
      const started = performance.now();
      for (let request = 0; request < CACHED_REQUESTS; request++) await timed(baseUrl, url);
      return (performance.now() - started) / CACHED_REQUESTS;
    };
    const cachedSnapshot = await cached(base);
    const cachedSvg = await cached(`${base}/map.svg`);
    const cachedPng = await cached(`${base}/map.png`);

    // The event loop while a card is rendered cold: the SVG is drawn on it, the PNG rasterised off it.
    const snapshot = JSON.parse((await app.inject({ method: 'GET', url: base })).body);
    const svgMs = (width: (round: number) => number) =>
      Array.from({ length: ROUNDS }, (_, round) => {
        const started = performance.now();
        mapSvg(snapshot, { width: width(round), height: 630, lang: 'en', theme: 'light' });
        return performance.now() - started;
      });
    // A size drawn before (its frame's coasts kept), and sizes never drawn (the coasts projected anew).
    const keptFrameMs = svgMs(() => 1200);
    const newFrameMs = svgMs((round) => 1500 + round);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    for (let round = 0; round < ROUNDS; round++) await timed(baseUrl, `${base}/map.png?w=${1100 + round}&h=630`);
    delay.disable();
    const { images, bytes } = app.mapImages.size();

    const ms = (value: number) => `${formatNumber(value, 2)} ms`;
    return [
      `images: GET ${base.replace(caravanId, ':id')}/map.svg · map.png (1200 × 630 unless sized), ${formatNumber(REPORTS)} reports, ${formatNumber(snapshot.track.length)} public track points; medians of ${ROUNDS} (cold) and means of ${CACHED_REQUESTS} (cached), over HTTP on 127.0.0.1`,
      `  cold (snapshot cached, image drawn): SVG ${ms(median(coldSvg))}, PNG ${ms(median(coldPng))}; baseline: the snapshot computed cold ${ms(median(coldSnapshot))}; ratio ${formatRatio(median(coldSvg) / median(coldSnapshot))} (SVG), ${formatRatio(median(coldPng) / median(coldSnapshot))} (PNG)`,
      `  cached: SVG ${ms(cachedSvg)}, PNG ${ms(cachedPng)}; baseline: the cached snapshot ${ms(cachedSnapshot)}; ratio ${formatRatio(cachedSvg / cachedSnapshot)} (SVG), ${formatRatio(cachedPng / cachedSnapshot)} (PNG)`,
      `  event loop: mapSvg holds it ${ms(median(keptFrameMs))} (a frame drawn before), ${ms(median(newFrameMs))} (a new size or frame: coasts projected); the PNG's rasterising runs on libuv's pool; longest event-loop delay over ${ROUNDS} cold PNGs ${ms(delay.max / 1e6)}`,
      `  cache after the run: ${images} images, ${formatNumber(bytes / 1024)} KiB (bounded: 96 images, 24 MiB)`,
    ];
  } finally {
    await app.close();
  }
}
