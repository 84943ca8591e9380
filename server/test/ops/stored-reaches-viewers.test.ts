import type { Report } from '@rumbo/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import {
  ADMIN_TOKEN,
  adminHeaders,
  connectNewsroom,
  createCaravan,
  iso,
  listen,
  makeReport,
  recordEvents,
  stores,
  testConfig,
  type NewsroomSocket,
} from '../helper';
import { syntheticTrack } from '../ingest/synthetic-gpx';
import { useTestApp } from '../use-test-app';
import { OwnRedis } from './own-redis';

const START_MS = Date.UTC(2026, 0, 10, 12);
/** A sweep short enough for a test to wait a few of them out. */
const SWEEP_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function joined(baseUrl: string, caravanId: string): Promise<{ socket: NewsroomSocket; ids: (event: string) => string[] }> {
  const socket = await connectNewsroom(baseUrl, ADMIN_TOKEN);
  const seen = recordEvents(socket);
  const answer = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId });
  if ('error' in answer) throw new Error(answer.error.message);
  const ids = (event: string) =>
    seen.filter((entry) => entry.event === event).map((entry) => (entry.payload as { report: Report }).report.id);
  return { socket, ids };
}

/** Each id once, in order of first sight; throws naming any id seen more than once. */
function exactlyOnce(ids: string[]): Set<string> {
  const once = new Set<string>();
  for (const id of ids) {
    if (once.has(id)) throw new Error(`${id} pushed twice`);
    once.add(id);
  }
  return once;
}

describe.each(stores)('a write whose writer never pushed it, on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true, unpushedSweepMs: SWEEP_MS });

  it('still reaches the open dashboard, once, with the neighbours it judged again', async () => {
    const caravanId = await createCaravan(setup.app);
    const { socket, ids } = await joined(setup.baseUrl, caravanId);
    // Straight into the store, as a write whose reply never came back: nobody asks for a push.
    const first = makeReport(caravanId, { id: 'a', lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS) });
    const far = makeReport(caravanId, { id: 'far', lng: -99.1332, lat: 19.4326, recordedAt: iso(START_MS + 20 * 60_000) });
    await setup.store.insertReport(first);
    await setup.store.insertReport(far);
    await expect.poll(() => ids('report:new').length, { timeout: SWEEP_MS + 3_000 }).toBe(2);
    // A sweep landing between the two writes rightly pushes 'a' again, judged beside 'far':
    // let that settle, then count only what 'b' brings.
    await sleep(3 * SWEEP_MS);
    const updatesBefore = ids('report:update').length;
    const updatesSince = () => ids('report:update').slice(updatesBefore);
    const between = makeReport(caravanId, { id: 'b', lng: -92.2623, lat: 14.9056, recordedAt: iso(START_MS + 10 * 60_000) });
    await setup.store.insertReport(between);
    await expect.poll(() => ids('report:new').length, { timeout: SWEEP_MS + 3_000 }).toBe(3);
    await expect.poll(updatesSince, { timeout: 2_000 }).toEqual(['a']);
    await sleep(3 * SWEEP_MS);
    expect([...exactlyOnce(ids('report:new'))]).toEqual(['a', 'far', 'b']);
    expect(updatesSince()).toEqual(['a']);
    socket.close();
  });
});

describe('Redis paused during a large GPX import', () => {
  const POINTS = 4_000;
  let redis: OwnRedis;
  let app: App;
  let baseUrl: string;
  let admin: Redis;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    app = await buildApp({ config: testConfig({ redisUrl: redis.url }), clientDist: '/nonexistent', unpushedSweepMs: SWEEP_MS });
    baseUrl = await listen(app);
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await app?.close();
    await redis?.destroy();
  });

  it('pushes every stored report to the open dashboard exactly once, also those stored after their command timed out', async () => {
    const caravanId = await createCaravan(app);
    const { socket, ids } = await joined(baseUrl, caravanId);
    const gpx = syntheticTrack(POINTS, START_MS);
    const upload = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/caravans/${caravanId}/import`,
        headers: { ...adminHeaders, 'content-type': 'application/gpx+xml' },
        payload: gpx,
      });

    // Pauses longer than the store's 2 s command timeout, three times while the file goes in in
    // batches: each catches a batch's read or its write, and a write caught runs once Redis is back.
    const uploading = upload();
    for (let pause = 0; pause < 3; pause++) {
      await sleep(150);
      await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
      await sleep(3_200);
    }
    const statuses = [(await uploading).statusCode];
    // The reporter's retry: until the whole file is in (what landed answers as duplicates).
    for (let attempt = 0; attempt < 5 && statuses.at(-1)! >= 500; attempt++) statuses.push((await upload()).statusCode);
    expect(statuses.at(-1)).toBeLessThan(300);
    expect(await admin.hlen(`rumbo:{${caravanId}}:reports`)).toBe(POINTS);

    await expect.poll(() => ids('report:new').length, { timeout: 15_000 }).toBe(POINTS);
    await sleep(1_000);
    expect(exactlyOnce(ids('report:new')).size).toBe(POINTS);
    expect(await admin.zcard(`rumbo:{${caravanId}}:unpushed`)).toBe(0);
    socket.close();
  }, 60_000);
});
