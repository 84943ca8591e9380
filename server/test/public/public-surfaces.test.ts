import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicClientToServerEvents, PublicServerToClientEvents, PublicSnapshot } from '@rumbo/shared';
import { PUBLIC_NAMESPACE } from '@rumbo/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { renderPng } from '../../src/public/map-image/map-png';
import { mapSvg } from '../../src/public/map-image/map-svg';
import { publicProjection } from '../../src/public/public-projection';
import { embedWithCard } from '../../src/routes/pages';
import { oembedAnswer } from '../../src/share/oembed';
import { shareLinks } from '../../src/share/share-links';
import { sharePage } from '../../src/share/share-page';
import { SHARE_CSS_PATH } from '../../src/share/share-style';
import { socialCard } from '../../src/share/social-tags';
import type { TrackStore } from '../../src/store/track-store';
import { HOUR_MS, adminHeaders, closeStore, createCaravan, listen, postReports, stores, testConfig, walk } from '../helper';

type PublicSocket = Socket<PublicServerToClientEvents, PublicClientToServerEvents>;

/** Where a route's path starts when it may answer anyone (ARCHITECTURE.md, "Public surfaces"). */
const PUBLIC_PREFIXES = ['/api/v1/public/', '/embed/', '/c/', '/oembed'];

/**
 * How each public route is held to the projection below. A public route added without a line here
 * fails the test that lists them: it must be checked against the projection before it ships.
 */
const CHECKED_ROUTES = new Set([
  'GET /api/v1/public/caravans/:caravanId', // the snapshot: exactly the projection
  'HEAD /api/v1/public/caravans/:caravanId', // GET without a body
  'OPTIONS /api/v1/public/caravans/:caravanId', // CORS preflight: no data
  'GET /api/v1/public/caravans/:caravanId/updates', // made of the projection only (also public-updates.test.ts)
  'HEAD /api/v1/public/caravans/:caravanId/updates',
  'OPTIONS /api/v1/public/caravans/:caravanId/updates',
  'GET /api/v1/public/caravans/:caravanId/map.svg', // the projection drawn: mapSvg of it, nothing else
  'HEAD /api/v1/public/caravans/:caravanId/map.svg',
  'OPTIONS /api/v1/public/caravans/:caravanId/map.svg', // CORS preflight: no data
  'GET /api/v1/public/caravans/:caravanId/map.png', // the SVG above, rendered (also map-image.test.ts)
  'HEAD /api/v1/public/caravans/:caravanId/map.png',
  'OPTIONS /api/v1/public/caravans/:caravanId/map.png',
  'GET /embed/:caravanId', // the built page, with the social card of the projection (below)
  'HEAD /embed/:caravanId',
  'GET /api/v1/public/caravans/:caravanId/summary.txt', // the projection's sentence
  'HEAD /api/v1/public/caravans/:caravanId/summary.txt',
  'GET /c/:caravanId', // the share page: made of the projection (below; share-surfaces.test.ts)
  'HEAD /c/:caravanId',
  `GET ${SHARE_CSS_PATH}`, // the share page's stylesheet: no data
  `HEAD ${SHARE_CSS_PATH}`,
  'GET /oembed', // the projection's name and id (below; share-surfaces.test.ts)
  'HEAD /oembed',
]);

/** Every `METHOD /path` the app answers, read from Fastify's own route tree (4 characters a level). */
function routesOf(app: App): string[] {
  const paths: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path =
      depth === 0 ? match[2]! : `${paths[depth - 1]!.replace(/\/$/, '')}${match[2]!.startsWith('/') ? '' : '/'}${match[2]!}`;
    paths[depth] = path;
    for (const method of match[3]!.split(', ')) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** A built client of three pages, so the page routes exist as in production. */
function fakeClientDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'rumbo-client-'));
  for (const page of ['index', 'report', 'embed'])
    writeFileSync(join(dist, `${page}.html`), `<!doctype html><title>${page}</title>`);
  return dist;
}

function connectPublic(baseUrl: string): Promise<PublicSocket> {
  const socket: PublicSocket = io(`${baseUrl}${PUBLIC_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe.each(stores)('every public surface is the public projection, on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  let app: App;
  let baseUrl: string;
  /** The app's clock: an hour ahead, so that fixes posted now (their arrival now) are a delay old. */
  const clock = () => Date.now() + HOUR_MS;
  beforeAll(async () => {
    store = makeStore();
    // No release timer within the test: a push can only come from the hide below.
    app = await buildApp({
      config: testConfig({ publicReleaseMs: 3_600_000, publicLive: true }),
      store,
      clientDist: fakeClientDist(),
      now: clock,
    });
    baseUrl = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await closeStore(store);
  });

  /** The projection of everything stored, computed here from the store: what every surface must equal. */
  async function expected(caravanId: string): Promise<PublicSnapshot> {
    const caravan = (await store.getCaravan(caravanId))!;
    return publicProjection(caravan, await store.listReports(caravanId, { limit: 1e6 }), clock());
  }

  /** A caravan whose track holds released, flagged, hidden and noted fixes. */
  async function variedCaravan(): Promise<{ caravanId: string; released: string[] }> {
    const caravanId = await createCaravan(app, { public: { delayMinutes: 30, precisionKm: 2, showNotes: true } });
    // Twelve hourly fixes, the newest two hours old: all past the delay.
    const reports = walk(12, Date.now() - 13 * HOUR_MS).map((report, step) => ({
      ...report,
      ...(step % 3 === 0 ? { note: `nota ${step}`, headcount: 1_000 + step } : {}),
      ...(step === 5 ? { accuracyM: 5_000 } : {}), // flagged low_accuracy
    }));
    expect((await postReports(app, caravanId, { reports })).statusCode).toBe(201);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${reports[7]!.id}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    return { caravanId, released: reports.map((report) => report.id!) };
  }

  /** Runs `read` until the release step is the same before and after it (a step may turn meanwhile). */
  async function sameMinute<T>(read: () => Promise<T>, caravanId: string): Promise<[T, PublicSnapshot]> {
    for (;;) {
      const before = await expected(caravanId);
      const answer = await read();
      const after = await expected(caravanId);
      if (before.releasedUntil === after.releasedUntil) return [answer, after];
    }
  }

  it('lists no public route that this file does not hold to the projection', () => {
    const routes = routesOf(app);
    expect(routes).toContain('POST /api/v1/caravans/:caravanId/reports'); // the listing reads real routes
    const publicRoutes = routes.filter((route) => PUBLIC_PREFIXES.some((prefix) => route.split(' ')[1]!.startsWith(prefix)));
    expect(new Set(publicRoutes)).toEqual(CHECKED_ROUTES);
  });

  it('answers GET and HEAD of the snapshot with exactly the projection, OPTIONS with no data', async () => {
    const { caravanId } = await variedCaravan();
    const [response, projection] = await sameMinute(
      () => app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` }),
      caravanId,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(JSON.stringify(projection));
    expect(projection.latest).not.toBeNull();
    expect(projection.notes.length).toBeGreaterThan(0);
    const head = await app.inject({ method: 'HEAD', url: `/api/v1/public/caravans/${caravanId}` });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    const preflight = await app.inject({ method: 'OPTIONS', url: `/api/v1/public/caravans/${caravanId}` });
    expect([preflight.statusCode, preflight.body]).toEqual([204, '']);
  });

  it('answers updates with the projection: whole for a step it does not hold, by ETag after a hide', async () => {
    const { caravanId, released } = await variedCaravan();
    const updatesOf = (since: string) =>
      app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/updates?since=${encodeURIComponent(since)}` });
    const [whole, projection] = await sameMinute(() => updatesOf('2020-01-01T00:00:00.000Z'), caravanId);
    expect(whole.json()).toMatchObject({ kind: 'snapshot' });
    expect(JSON.stringify(whole.json().snapshot)).toBe(JSON.stringify(projection));
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${released.at(-1)}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    const [after, hidden] = await sameMinute(() => updatesOf(projection.releasedUntil), caravanId);
    const snapshot = await app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` });
    expect(snapshot.body).toBe(JSON.stringify(hidden));
    // The step is the same; the snapshot is not: the answer names the new one, which a reader holding the old cannot match.
    expect(after.json()).toEqual({ kind: 'same', etag: snapshot.headers.etag });
    expect(after.json().etag).not.toBe(whole.json().etag);
    const options = await app.inject({ method: 'OPTIONS', url: `/api/v1/public/caravans/${caravanId}/updates` });
    expect([options.statusCode, options.body]).toEqual([204, '']);
  });

  it('draws the map images from the projection alone', async () => {
    const { caravanId } = await variedCaravan();
    const options = { width: 700, height: 500, lang: 'es', theme: 'dark' } as const;
    const [svg, projection] = await sameMinute(
      () => app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/map.svg?w=700&h=500&lang=es&theme=dark` }),
      caravanId,
    );
    expect(svg.statusCode).toBe(200);
    expect(svg.body).toBe(mapSvg(projection, options));
    const [png, same] = await sameMinute(
      () => app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/map.png?w=700&h=500&lang=es&theme=dark` }),
      caravanId,
    );
    expect(png.rawPayload.equals(await renderPng(mapSvg(same, options)))).toBe(true);
    for (const format of ['svg', 'png']) {
      const preflight = await app.inject({ method: 'OPTIONS', url: `/api/v1/public/caravans/${caravanId}/map.${format}` });
      expect([preflight.statusCode, preflight.body]).toEqual([204, '']);
    }
  });

  it('serves the embed page with the social card of the projection, and nothing else of the caravan', async () => {
    const { caravanId } = await variedCaravan();
    const [page, projection] = await sameMinute(() => app.inject({ method: 'GET', url: `/embed/${caravanId}` }), caravanId);
    expect(page.statusCode).toBe(200);
    const origin = 'http://localhost';
    const card = socialCard(projection, origin, shareLinks(origin, caravanId, 'en').embed, 'en');
    expect(page.body).toBe(embedWithCard('<!doctype html><title>embed</title>', card, `${projection.caravan.name} · Rumbo`));
    const unknown = await app.inject({ method: 'GET', url: '/embed/no-such-caravan' });
    expect(unknown.body).toBe('<!doctype html><title>embed</title>');
  });

  it('answers the sentence, the share page and oEmbed with what the projection says', async () => {
    const { caravanId } = await variedCaravan();
    const origin = 'http://localhost';
    const [[english, spanish, page, oembed], projection] = await sameMinute(
      () =>
        Promise.all([
          app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/summary.txt` }),
          app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/summary.txt?lang=es` }),
          app.inject({ method: 'GET', url: `/c/${caravanId}` }),
          app.inject({ method: 'GET', url: `/oembed?url=${encodeURIComponent(`${origin}/c/${caravanId}`)}` }),
        ]),
      caravanId,
    );
    expect([english.body, spanish.body]).toEqual([projection.summary.en, projection.summary.es]);
    expect(page.body).toBe(sharePage(projection, { origin, lang: 'en', stylesheet: SHARE_CSS_PATH }));
    expect(oembed.json()).toEqual(oembedAnswer(projection, { origin, lang: 'en' }));
  });

  it('acks a /public join with the projection, and pushes the projection after a hide', async () => {
    const { caravanId, released } = await variedCaravan();
    const socket = await connectPublic(baseUrl);
    try {
      const [ack, projection] = await sameMinute(
        () => socket.timeout(5_000).emitWithAck('caravan:join', { caravanId }),
        caravanId,
      );
      expect(ack).toEqual({ data: projection });
      const update = new Promise<PublicSnapshot>((resolve) => socket.once('public:update', ({ snapshot }) => resolve(snapshot)));
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/caravans/${caravanId}/reports/${released.at(-1)}`,
        headers: adminHeaders,
        payload: { hidden: true },
      });
      const pushed = await update;
      expect(pushed.releasedUntil).toBe((await expected(caravanId)).releasedUntil);
      expect(pushed).toEqual(await expected(caravanId));
      // Hourly fixes: the newest sample's window holds only the newest fix, so hiding it changes `latest`.
      expect(pushed.latest).not.toEqual(projection.latest);
    } finally {
      socket.close();
    }
  });
});
