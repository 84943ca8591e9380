import type { AccountCreated, CaravanSummary } from '@rumbo/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { REPORT_RELAY_CHANNEL } from '../../src/realtime/report-relay';
import { RedisStore } from '../../src/store/redis-store';
import {
  ADMIN_TOKEN,
  TEST_REDIS_URL,
  buildTestApp,
  closeStore,
  connectNewsroom,
  createCaravan,
  listen,
  nextEvent,
  postReports,
  walk,
} from '../helper';

describe('two server instances on one Redis', () => {
  const stores = [new RedisStore(TEST_REDIS_URL), new RedisStore(TEST_REDIS_URL)];
  let instances: App[];
  let urls: string[];
  beforeAll(async () => {
    instances = await Promise.all(stores.map((store) => buildTestApp({ store, config: { redisUrl: TEST_REDIS_URL } })));
    urls = await Promise.all(instances.map(listen));
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(stores.map(closeStore));
  });

  it('pushes a report posted to instance A to newsroom viewers connected to instance B', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const viewer = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    await viewer.emitWithAck('caravan:join', { caravanId });
    const received = nextEvent(viewer, 'report:new');
    const summary = nextEvent(viewer, 'caravan:update');
    await postReports(instances[0]!, caravanId, { id: 'via-a', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    expect((await received).report.id).toBe('via-a');
    expect((await summary).summary.latest!.id).toBe('via-a');
    viewer.close();
  });

  it('pushes a report to viewers on the writing instance and on the other alike, and not to another caravan’s room', async () => {
    const [caravanId, otherId] = [await createCaravan(instances[0]!), await createCaravan(instances[0]!)];
    const [viewerHere, viewerThere, viewerElsewhere] = await Promise.all(
      [urls[0]!, urls[1]!, urls[0]!].map((url) => connectNewsroom(url, ADMIN_TOKEN)),
    );
    await viewerHere!.emitWithAck('caravan:join', { caravanId });
    await viewerThere!.emitWithAck('caravan:join', { caravanId });
    await viewerElsewhere!.emitWithAck('caravan:join', { caravanId: otherId });
    const strays: unknown[] = [];
    viewerElsewhere!.on('report:new', (event) => strays.push(event));
    const received = [nextEvent(viewerHere!, 'report:new'), nextEvent(viewerThere!, 'report:new')];
    await postReports(instances[0]!, caravanId, { id: 'both', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    expect((await Promise.all(received)).map((event) => event.report.id)).toEqual(['both', 'both']);
    // A report to the other caravan, written where only the first caravan's viewer is, still reaches B.
    const nextThere = nextEvent(viewerElsewhere!, 'report:new');
    await postReports(instances[1]!, otherId, { id: 'other', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    expect((await nextThere).report.id).toBe('other');
    expect(strays.map((event) => (event as { report: { id: string } }).report.id)).toEqual(['other']);
    for (const viewer of [viewerHere, viewerThere, viewerElsewhere]) viewer!.close();
  });

  it('gives viewers on the other instance a batch as report:new each, in the batch’s order, then the summary of all; a hide as report:update', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const viewer = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    await viewer.emitWithAck('caravan:join', { caravanId });
    const seen: string[] = [];
    viewer.on('report:new', ({ report }) => void seen.push(`new ${report.id}`));
    viewer.on('report:update', ({ report }) => void seen.push(`update ${report.id} hidden=${report.hidden}`));
    viewer.on('caravan:update', ({ summary }) => void seen.push(`summary ${summary.reportCount}`));
    const reports = walk(5, Date.UTC(2024, 0, 6, 13), undefined, 'batch-');
    expect((await postReports(instances[0]!, caravanId, { reports })).statusCode).toBe(201);
    await expect.poll(() => seen.at(-1), { timeout: 5_000 }).toBe('summary 5');
    expect(seen).toEqual([...reports.map((report) => `new ${report.id}`), 'summary 5']);

    const hidden = await instances[0]!.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${reports[2]!.id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { hidden: true },
    });
    expect(hidden.statusCode).toBe(200);
    await expect.poll(() => seen.includes(`update ${reports[2]!.id} hidden=true`), { timeout: 5_000 }).toBe(true);
    viewer.close();
  });

  it('takes only well-formed relayed batches from another instance, and none of its own', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const viewer = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    await viewer.emitWithAck('caravan:join', { caravanId });
    const seen: string[] = [];
    viewer.onAny((event: string, payload: { report?: { id: string } }) => void seen.push(`${event} ${payload.report?.id}`));
    // As the store publishes a push (TAKE_UNPUSHED_LUA): origin, kind, caravan id, the reports.
    const relayed = (origin: string, kind: string, id: string, json: string) =>
      stores[0]!.redis.publish(REPORT_RELAY_CHANNEL, `${origin}\n${kind}\n${id}\n${json}`);
    const own = instances[1]!.reportRelay!.target.origin;
    const reports = (id: string) => JSON.stringify([{ id, caravanId }]);
    await relayed('elsewhere', 'x', caravanId, reports('unknown-kind'));
    await relayed('elsewhere', 's', `${caravanId}:x`, reports('bad-caravan-id'));
    await relayed('elsewhere', 's', caravanId, '{"0":{"id":"not-an-array"}}');
    await relayed('elsewhere', 's', caravanId, '[{"id":"broken json"');
    await stores[0]!.redis.publish(REPORT_RELAY_CHANNEL, `elsewhere\ns\n${reports('no-caravan-id')}`);
    await relayed(own, 's', caravanId, reports('own'));
    await relayed('elsewhere', 'u', caravanId, reports('well-formed'));
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(['report:update well-formed']);
    viewer.close();
  });

  it('relays each push once from the store: every viewer, here or there, gets each report exactly once', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const listener = new Redis(TEST_REDIS_URL);
    const messages: string[] = [];
    try {
      await listener.subscribe(REPORT_RELAY_CHANNEL);
      listener.on('message', (_channel, message: string) => void messages.push(message));
      const [here, there] = await Promise.all(urls.map((url) => connectNewsroom(url, ADMIN_TOKEN)));
      const seen = { here: [] as string[], there: [] as string[] };
      for (const [name, viewer] of [
        ['here', here],
        ['there', there],
      ] as const) {
        await viewer!.emitWithAck('caravan:join', { caravanId });
        viewer!.on('report:new', ({ report }) => void seen[name].push(report.id));
      }
      const reports = walk(4, Date.UTC(2024, 0, 7, 13), undefined, 'once');
      await postReports(instances[0]!, caravanId, { reports: reports.slice(0, 2) });
      await postReports(instances[1]!, caravanId, { reports: reports.slice(2) });
      const ids = reports.map((report) => report.id);
      await expect.poll(() => [seen.here.length, seen.there.length], { timeout: 5_000 }).toEqual([4, 4]);
      await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would have come by now
      expect(seen).toEqual({ here: ids, there: ids });
      // One message a push, from the instance that took it, the reports as stored.
      // Other suites' instances share the channel: only this caravan's messages count here.
      const ours = messages.map((message) => message.split('\n')).filter(([, , id]) => id === caravanId);
      const relayedIds = ours.flatMap(([origin, kind, , json]) => {
        expect(kind).toBe('s');
        expect(instances.map((app) => app.reportRelay!.target.origin)).toContain(origin);
        return (JSON.parse(json!) as Array<{ id: string }>).map((report) => report.id);
      });
      expect(relayedIds).toEqual(ids);
      for (const viewer of [here, there]) viewer!.close();
    } finally {
      listener.disconnect();
    }
  });

  it('stops a token revoked on instance A on instance B as soon as B hears of it', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const created = await instances[0]!.inject({
      method: 'POST',
      url: '/api/v1/reporters',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'Revoked elsewhere', caravans: [caravanId] },
    });
    const { token, id } = created.json<AccountCreated>();
    const fix = { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' };
    const asReporter = { authorization: `Bearer ${token}` };
    expect((await postReports(instances[1]!, caravanId, { ...fix, id: 'before' }, asReporter)).statusCode).toBe(201);
    const revoked = await instances[0]!.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { revoked: true },
    });
    expect(revoked.statusCode).toBe(200);
    // B keeps the account it just served: the account:changed signal tells it to forget it, well
    // within the 5 s it would keep it untold.
    const meOnB = async () => (await instances[1]!.inject({ method: 'GET', url: '/api/v1/me', headers: asReporter })).statusCode;
    await expect.poll(meOnB, { timeout: 2_000 }).toBe(401);
    expect((await postReports(instances[1]!, caravanId, { ...fix, id: 'after' }, asReporter)).statusCode).toBe(401);
  });

  it('ends a newsroom socket on instance B within seconds of its staff account being revoked on instance A', async () => {
    const [a, b] = instances as [App, App];
    const caravanId = await createCaravan(a);
    const created = await a.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'Revoked elsewhere', role: 'viewer' },
    });
    const { token, id } = created.json<AccountCreated>();
    const viewer = await connectNewsroom(urls[1]!, token);
    await viewer.emitWithAck('caravan:join', { caravanId });
    const ended = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the socket on B is still open 3 s after the revocation on A')), 3_000);
      viewer.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
    const seen: string[] = [];
    viewer.on('report:new', ({ report }) => void seen.push(report.id));

    const revoked = await a.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { revoked: true },
    });
    expect(revoked.statusCode).toBe(200);
    try {
      expect(await ended).toBe('io server disconnect');
    } finally {
      viewer.close();
    }
    await postReports(b, caravanId, { id: 'after-revoke', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' });
    expect(seen).toEqual([]);
  });

  it('gives a viewer that dropped for a while every report it missed when it joins again', async () => {
    const caravanId = await createCaravan(instances[0]!);
    const reports = walk(8, Date.UTC(2024, 0, 5, 13));
    await postReports(instances[0]!, caravanId, { reports: reports.slice(0, 3) });
    const first = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    const before = await first.emitWithAck('caravan:join', { caravanId });
    expect('data' in before && before.data.track.map((report) => report.id)).toEqual(
      reports.slice(0, 3).map((report) => report.id),
    );
    first.close();
    // While it is away, reports keep arriving, on both instances.
    await postReports(instances[0]!, caravanId, { reports: reports.slice(3, 6) });
    await postReports(instances[1]!, caravanId, { reports: reports.slice(6) });
    const back = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    const after = await back.emitWithAck('caravan:join', { caravanId });
    expect('data' in after && after.data.track.map((report) => report.id)).toEqual(reports.map((report) => report.id));
    back.close();
  });

  it('uses a route set on instance A for the next report on instance B at once, not when the copy B keeps expires', async () => {
    const [a, b] = instances as [App, App];
    const caravanId = await createCaravan(a);
    const viewer = await connectNewsroom(urls[1]!, ADMIN_TOKEN);
    await viewer.emitWithAck('caravan:join', { caravanId });
    const summaries: CaravanSummary[] = [];
    viewer.on('caravan:update', ({ summary }) => void summaries.push(summary));
    const summaryWhere = async (what: string, matches: (summary: CaravanSummary) => boolean) => {
      await expect.poll(() => summaries.some(matches), { timeout: 5_000, message: what }).toBe(true);
      return summaries.find(matches)!;
    };
    const fix = { lng: -92.2633, lat: 14.9056 };

    // B reads the caravan (no route yet) for a report and keeps it.
    await postReports(b, caravanId, { ...fix, id: 'before-route', recordedAt: '2024-01-01T13:00:00Z' });
    const before = await summaryWhere('summary of before-route', (summary) => summary.latest?.id === 'before-route');
    expect(before.caravan.route).toBeUndefined();

    const route = {
      type: 'LineString',
      coordinates: [
        [-92.2633, 14.9056],
        [-99.5161, 27.4769],
      ],
    };
    const patched = await a.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { route },
    });
    expect(patched.statusCode).toBe(200);
    // A's own summary of the change travels after its word to forget the caravan, on the same Redis connection.
    await summaryWhere('summary of the route change', (summary) => summary.caravan.route !== undefined);

    await postReports(b, caravanId, { ...fix, id: 'after-route', recordedAt: '2024-01-01T13:10:00Z' });
    const after = await summaryWhere('summary of after-route', (summary) => summary.latest?.id === 'after-route');
    expect(after.caravan.route).toEqual(route);
    expect(after.metrics.routeRemainingKm).toBeGreaterThan(1_000);
    viewer.close();
  });
});
