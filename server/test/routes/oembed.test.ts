import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { embedSize, thumbnailSize } from '../../src/share/oembed';
import type { TrackStore } from '../../src/store/track-store';
import { HOUR_MS, closeStore, createCaravan, postReports, stores, testConfig, walk } from '../helper';

const BASE_URL = 'https://rumbo.example';

/**
 * What oEmbed 1.0 (https://oembed.com, 2.3.4) asks of every answer and of type rich: `type` and
 * `version` "1.0"; `html`, `width` and `height` (rich); the optional fields, when sent, of their
 * types; the thumbnail's three fields all or none; and, with maxwidth/maxheight, the resource and
 * the thumbnail no larger.
 */
function expectSpecRich(answer: Record<string, unknown>, bounds: { maxwidth?: number; maxheight?: number } = {}): void {
  expect(answer.type).toBe('rich');
  expect(answer.version).toBe('1.0');
  expect(typeof answer.html).toBe('string');
  for (const field of ['width', 'height'])
    expect(Number.isInteger(answer[field]) && (answer[field] as number) > 0, field).toBe(true);
  for (const field of ['title', 'author_name', 'author_url', 'provider_name', 'provider_url', 'thumbnail_url'])
    if (field in answer) expect(typeof answer[field], field).toBe('string');
  if ('cache_age' in answer) expect(Number.isInteger(answer.cache_age)).toBe(true);
  const thumbnail = ['thumbnail_url', 'thumbnail_width', 'thumbnail_height'].filter((field) => field in answer);
  expect([0, 3]).toContain(thumbnail.length);
  const known = ['type', 'version', 'title', 'author_name', 'author_url', 'provider_name', 'provider_url', 'cache_age'];
  const rich = ['html', 'width', 'height', 'thumbnail_url', 'thumbnail_width', 'thumbnail_height'];
  expect(Object.keys(answer).filter((key) => !known.includes(key) && !rich.includes(key))).toEqual([]);
  for (const [max, ...fields] of [
    [bounds.maxwidth, 'width', 'thumbnail_width'],
    [bounds.maxheight, 'height', 'thumbnail_height'],
  ] as const)
    if (max !== undefined)
      for (const field of fields) if (field in answer) expect(answer[field] as number, field).toBeLessThanOrEqual(max);
}

describe('oEmbed sizes', () => {
  it('keeps the embed at 4:3 inside the bounds, never larger than asked, at most 640×480', () => {
    expect(embedSize({})).toEqual({ width: 640, height: 480 });
    expect(embedSize({ maxwidth: 320 })).toEqual({ width: 320, height: 240 });
    expect(embedSize({ maxheight: 300 })).toEqual({ width: 400, height: 300 });
    expect(embedSize({ maxwidth: 2000, maxheight: 2000 })).toEqual({ width: 640, height: 480 });
    expect(embedSize({ maxwidth: 301, maxheight: 101 })).toEqual({ width: 134, height: 101 });
  });

  it("fits the thumbnail the same way, and leaves it out when a side would be under the image route's 200 px", () => {
    expect(thumbnailSize({})).toEqual({ width: 1200, height: 630 });
    expect(thumbnailSize({ maxwidth: 600 })).toEqual({ width: 600, height: 315 });
    expect(thumbnailSize({ maxheight: 200 })).toEqual({ width: 380, height: 200 });
    expect(thumbnailSize({ maxwidth: 380 })).toEqual({ width: 380, height: 200 });
    expect(thumbnailSize({ maxwidth: 379 })).toBeNull();
    expect(thumbnailSize({ maxheight: 199 })).toBeNull();
  });
});

describe.each(stores)('GET /oembed, on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  let app: App;
  let caravanId: string;
  beforeAll(async () => {
    store = makeStore();
    app = await buildApp({ config: testConfig({ publicBaseUrl: BASE_URL }), store, now: () => Date.now() + HOUR_MS });
    caravanId = await createCaravan(app, { name: 'Caravana "Éxodo" de enero' });
    await postReports(app, caravanId, { reports: walk(4, Date.now() - 6 * HOUR_MS) });
  });
  afterAll(async () => {
    await app.close();
    await closeStore(store);
  });

  const oembed = (query: string) => app.inject({ method: 'GET', url: `/oembed?${query}` });
  const urlOf = (path: string) => `url=${encodeURIComponent(`${BASE_URL}${path}`)}`;

  it('answers a share page address with the rich type: the embed iframe, the static map as thumbnail', async () => {
    const response = await oembed(`${urlOf(`/c/${caravanId}`)}&format=json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const answer = response.json();
    expectSpecRich(answer);
    expect(answer).toEqual({
      version: '1.0',
      type: 'rich',
      title: 'Caravana "Éxodo" de enero',
      provider_name: 'Rumbo',
      provider_url: `${BASE_URL}/`,
      cache_age: 86_400,
      thumbnail_url: `${BASE_URL}/api/v1/public/caravans/${caravanId}/map.png?w=1200&h=630&lang=en`,
      thumbnail_width: 1200,
      thumbnail_height: 630,
      html: `<iframe src="${BASE_URL}/embed/${caravanId}" title="Caravana &quot;Éxodo&quot; de enero" width="640" height="480" style="border:0" loading="lazy"></iframe>`,
      width: 640,
      height: 480,
    });
  });

  it('sizes the iframe and the thumbnail to maxwidth and maxheight, and keeps the embed address’s language', async () => {
    for (const bounds of [{ maxwidth: 320 }, { maxheight: 200 }, { maxwidth: 500, maxheight: 250 }, { maxwidth: 120 }]) {
      const query = Object.entries(bounds).map(([key, value]) => `${key}=${value}`);
      const answer = (await oembed([urlOf(`/embed/${caravanId}?lang=es&theme=dark`), ...query].join('&'))).json();
      expectSpecRich(answer, bounds);
      expect(answer.html).toContain(`width="${answer.width}" height="${answer.height}"`);
      expect(answer.html).toContain(`src="${BASE_URL}/embed/${caravanId}?lang=es"`);
      if (answer.thumbnail_url)
        expect(answer.thumbnail_url).toMatch(new RegExp(`w=${answer.thumbnail_width}&h=${answer.thumbnail_height}&lang=es$`));
    }
    expect((await oembed(`${urlOf(`/c/${caravanId}`)}&maxwidth=120`)).json()).not.toHaveProperty('thumbnail_url');
  });

  it('ignores parameters consumers add, and refuses a bad size (400), another format (501) and any other address (404)', async () => {
    expect((await oembed(`${urlOf(`/c/${caravanId}`)}&dnt=1&iframe=1`)).statusCode).toBe(200);
    for (const bad of ['maxwidth=wide', 'maxwidth=0', 'maxheight=-5', 'maxwidth=1.5']) {
      const response = await oembed(`${urlOf(`/c/${caravanId}`)}&${bad}`);
      expect([response.statusCode, response.json().error.code], bad).toEqual([400, 'invalid_input']);
    }
    expect((await oembed('maxwidth=300')).statusCode).toBe(400);
    expect((await oembed(`${urlOf(`/c/${caravanId}`)}&format=xml`)).statusCode).toBe(501);
    for (const url of [
      `https://elsewhere.example/c/${caravanId}`,
      `http://rumbo.example/c/${caravanId}`,
      `${BASE_URL}/report`,
      `${BASE_URL}/c/${caravanId}/extra`,
      `${BASE_URL}/api/v1/public/caravans/${caravanId}`,
      `${BASE_URL}/c/no-such-caravan`,
      'not a url',
    ]) {
      const response = await oembed(`url=${encodeURIComponent(url)}`);
      expect([response.statusCode, response.json().error.code], url).toEqual([404, 'not_found']);
    }
  });
});
