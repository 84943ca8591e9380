import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportInput } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { SHARE_CSS_PATH } from '../../src/share/share-style';
import type { TrackStore } from '../../src/store/track-store';
import { HOUR_MS, adminHeaders, closeStore, createCaravan, iso, makeReport, postReports, stores, testConfig } from '../helper';

const MINUTE_MS = 60_000;
const STEP_MS = 30 * MINUTE_MS;
const BASE_URL = 'https://rumbo.example';
/** A name as a user may type it: markup, quotes and an ampersand (names refuse only control characters). */
const HOSTILE_NAME = `<script>alert("x")</script> & 'Éxodo' <img src=x onerror=alert(1)>`;
/** Where every extra fix goes: Mexico City, 900 km from the public track, so any trace of it would show in the words. */
const ELSEWHERE = { lng: -99.1332, lat: 19.4326 };

/** An embed page as built (a head to put the card in). */
function fakeClientDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'rumbo-share-'));
  for (const page of ['index', 'report', 'embed'])
    writeFileSync(join(dist, `${page}.html`), `<!doctype html><html><head><title>${page}</title></head><body></body></html>`);
  return dist;
}

/** Hourly fixes at seven past the hour, walking into Arriaga, Chiapas; the newest `newestHoursAgo` old. */
function walkIntoArriaga(count: number, newestHoursAgo: number): ReportInput[] {
  const newest = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - newestHoursAgo * HOUR_MS + 7 * MINUTE_MS + 13_000;
  return Array.from({ length: count }, (_, i) => {
    const hoursBefore = count - 1 - i;
    return {
      id: `arriaga-${i}`,
      lng: -93.9012 + hoursBefore * 0.031,
      lat: 16.2371 - hoursBefore * 0.027,
      recordedAt: iso(newest - hoursBefore * HOUR_MS),
      accuracyM: 10,
    };
  });
}

/** The `content` of every `<meta>` of a page by its property or name, unescaped. */
function metaTags(html: string): Map<string, string> {
  const unescape = (text: string) =>
    text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);
  const tags = new Map<string, string>();
  for (const [, key, value] of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g))
    tags.set(key!, unescape(value!));
  return tags;
}

describe.each(stores)('sharing a caravan (the sentence, the page, social cards, oEmbed), on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  let app: App;
  /**
   * The app's clock: a minute into a release step, two hours or more ahead of real time (fixes
   * posted now are long past the delay), moved on by hand within the step, so nothing turns
   * between two reads unless a test says so.
   */
  let clockMs = Math.ceil((Date.now() + 2 * HOUR_MS) / STEP_MS) * STEP_MS + MINUTE_MS;
  /** Moves the clock past the public views' cache (5 s), so the next read asks the store again. */
  const laterInTheStep = () => (clockMs += 10_000);

  beforeAll(async () => {
    store = makeStore();
    app = await buildApp({
      config: testConfig({ publicBaseUrl: BASE_URL, publicOrigins: ['https://news.example'] }),
      store,
      clientDist: fakeClientDist(),
      now: () => clockMs,
    });
  });
  afterAll(async () => {
    await app.close();
    await closeStore(store);
  });

  async function publicCaravan(name = 'Caravana de diciembre'): Promise<string> {
    const caravanId = await createCaravan(app, { name, public: { delayMinutes: 30, precisionKm: 2, showNotes: false } });
    expect((await postReports(app, caravanId, { reports: walkIntoArriaga(6, 1) })).statusCode).toBe(201);
    return caravanId;
  }

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  /** Every byte each sharing surface answers for a caravan, by address. */
  async function everySurface(caravanId: string): Promise<Record<string, string>> {
    const pageUrl = encodeURIComponent(`${BASE_URL}/c/${caravanId}`);
    const embedUrl = encodeURIComponent(`${BASE_URL}/embed/${caravanId}?lang=es`);
    const urls = [
      `/api/v1/public/caravans/${caravanId}/summary.txt`,
      `/api/v1/public/caravans/${caravanId}/summary.txt?lang=es`,
      `/c/${caravanId}`,
      `/c/${caravanId}?lang=es`,
      `/embed/${caravanId}`,
      `/oembed?url=${pageUrl}`,
      `/oembed?url=${embedUrl}&maxwidth=400&maxheight=300`,
    ];
    const answers: Record<string, string> = {};
    for (const url of urls) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      answers[url] = response.body;
    }
    answers.snapshotSummary = JSON.stringify(JSON.parse((await get(`/api/v1/public/caravans/${caravanId}`)).body).summary);
    return answers;
  }

  it('answers every surface byte for byte the same after a fresh, a late, a hidden and a flagged fix elsewhere', async () => {
    const caravanId = await publicCaravan();
    const before = await everySurface(caravanId);
    expect(before[`/api/v1/public/caravans/${caravanId}/summary.txt`]).toMatch(/^As of .* the caravan was near Arriaga, Chiapas/);

    // Fresh: fixed five minutes ago, inside the delay.
    await store.insertReport(
      makeReport(
        caravanId,
        { id: 'fresh', ...ELSEWHERE, recordedAt: iso(clockMs - 5 * MINUTE_MS) },
        { receivedAt: new Date(clockMs - 4 * MINUTE_MS) },
      ),
    );
    // Late: fixed long ago but arrived a minute ago (a phone's queue): its arrival is inside the delay.
    await store.insertReport(
      makeReport(
        caravanId,
        { id: 'late', ...ELSEWHERE, recordedAt: iso(Date.now() - 10 * MINUTE_MS) },
        { receivedAt: new Date(clockMs - MINUTE_MS) },
      ),
    );
    // Hidden by an editor, and flagged (low accuracy): both old enough to show otherwise.
    const old = iso(Date.now() - 20 * MINUTE_MS);
    await postReports(app, caravanId, { reports: [{ id: 'hidden', ...ELSEWHERE, recordedAt: old }] });
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/hidden`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    await postReports(app, caravanId, {
      reports: [{ id: 'flagged', ...ELSEWHERE, recordedAt: iso(Date.now() - 15 * MINUTE_MS), accuracyM: 5_000 }],
    });
    laterInTheStep();
    expect(await everySurface(caravanId)).toEqual(before);

    // The same fix visible and old enough changes what every surface says: the comparison above could see it.
    await postReports(app, caravanId, { reports: [{ id: 'shown', ...ELSEWHERE, recordedAt: iso(Date.now() - 10 * MINUTE_MS) }] });
    laterInTheStep();
    const after = await everySurface(caravanId);
    for (const url of Object.keys(before).filter((url) => !url.startsWith('/oembed')))
      expect(after[url], url).not.toBe(before[url]);
    expect(after[`/api/v1/public/caravans/${caravanId}/summary.txt`]).toMatch(/Mexico City/);
  });

  it('puts no coordinate and no time finer than the grid and the step in any byte', async () => {
    const caravanId = await publicCaravan();
    const answers = await everySurface(caravanId);
    const fixes = walkIntoArriaga(6, 1);
    for (const [url, body] of Object.entries(answers)) {
      // Not one decimal number with three places or more: no coordinate at all (the map is an image).
      expect(body.match(/\d+\.\d{3,}/g), url).toBeNull();
      for (const fix of fixes) expect(body, url).not.toContain(String(fix.lng).slice(0, 6));
      // Every clock time said is a step boundary (the step is 30 minutes): hh:00 or hh:30.
      for (const [, minutes] of body.matchAll(/\b\d{1,2}:(\d\d)\b/g)) expect(['00', '30'], `${url}: ${body}`).toContain(minutes);
      expect(body, url).not.toMatch(/\d{4}-\d\d-\d\dT/);
    }
  });

  it('carries Open Graph and Twitter card tags with absolute addresses on PUBLIC_BASE_URL, on the page and the embed', async () => {
    const caravanId = await publicCaravan();
    const page = await get(`/c/${caravanId}?lang=es&utm_source=whatsapp&fbclid=abc`);
    expect(page.statusCode).toBe(200);
    const tags = metaTags(page.body);
    const sentence = (await get(`/api/v1/public/caravans/${caravanId}/summary.txt?lang=es`)).body;
    const image = `${BASE_URL}/api/v1/public/caravans/${caravanId}/map.png?w=1200&h=630&lang=es`;
    expect(Object.fromEntries(tags)).toMatchObject({
      'og:type': 'website',
      'og:url': `${BASE_URL}/c/${caravanId}?lang=es`,
      'og:title': expect.stringMatching(/^Caravana de diciembre: A unos 1,1\d0 km de la frontera con Estados Unidos/),
      'og:description': sentence,
      'og:image': image,
      'og:image:width': '1200',
      'og:image:height': '630',
      'og:image:alt': sentence,
      'og:locale': 'es_MX',
      'twitter:card': 'summary_large_image',
      'twitter:image': image,
      'twitter:description': sentence,
      description: sentence,
    });
    expect(page.body).toContain(`<link rel="canonical" href="${BASE_URL}/c/${caravanId}?lang=es">`);
    expect(page.body).toContain(
      `<link rel="alternate" type="application/json+oembed" href="${BASE_URL}/oembed?url=${encodeURIComponent(`${BASE_URL}/c/${caravanId}?lang=es`)}&amp;format=json"`,
    );
    // The page itself: the map image described by the sentence, the sentence, the delay, the live map.
    expect(page.body).toContain(`alt="${sentence}"`);
    expect(page.body).toContain(`<p class="share__sentence">${sentence}</p>`);
    expect(page.body).toContain('Las posiciones se muestran con 30 minutos de retraso y una aproximación de 2 km');
    expect(page.body).toContain(`href="/embed/${caravanId}?lang=es"`);
    expect(page.body).toContain(`src="/api/v1/public/caravans/${caravanId}/map.png?w=1200&amp;h=630&amp;lang=es"`);

    const embed = await get(`/embed/${caravanId}`);
    const embedTags = metaTags(embed.body);
    expect(embedTags.get('og:url')).toBe(`${BASE_URL}/embed/${caravanId}`);
    expect(embedTags.get('og:image')).toBe(`${BASE_URL}/api/v1/public/caravans/${caravanId}/map.png?w=1200&h=630&lang=en`);
    expect(embedTags.get('twitter:card')).toBe('summary_large_image');
    expect(embed.body).toContain('type="application/json+oembed"');
    expect(embed.body).toContain('<title>Caravana de diciembre · Rumbo</title>');
    for (const [key, value] of [...tags, ...embedTags])
      if (/url|image$/.test(key)) expect(value, key).toMatch(new RegExp(`^${BASE_URL}/`));
  });

  it('escapes a caravan name with markup everywhere it is written into HTML', async () => {
    const caravanId = await publicCaravan(HOSTILE_NAME);
    const escaped =
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Éxodo&apos; &lt;img src=x onerror=alert(1)&gt;';
    for (const url of [`/c/${caravanId}`, `/embed/${caravanId}`]) {
      const { body } = await get(url);
      expect(body, url).not.toMatch(/<script|<img src=x|onerror=alert\(1\)>/);
      expect(body, url).toContain(escaped);
    }
    const oembed = (await get(`/oembed?url=${encodeURIComponent(`${BASE_URL}/c/${caravanId}`)}`)).json();
    expect(oembed.title).toBe(HOSTILE_NAME); // JSON: data, which the consumer escapes
    expect(oembed.html).toContain(`title="${escaped}"`);
    expect(oembed.html).not.toContain('<script');
  });

  it('serves the page with the pages’ policy, no script and no inline style, and its stylesheet for a year', async () => {
    const caravanId = await publicCaravan();
    const page = await get(`/c/${caravanId}`);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).not.toMatch(/<script|style=|<style/);
    expect(page.body).toContain(`<link rel="stylesheet" href="${SHARE_CSS_PATH}">`);
    const css = await get(SHARE_CSS_PATH);
    expect([css.statusCode, css.headers['content-type'], css.headers['cache-control']]).toEqual([
      200,
      'text/css; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
  });

  it('caches the page and the sentence like the snapshot: same Cache-Control, an ETag, 304', async () => {
    const caravanId = await publicCaravan();
    const snapshot = await get(`/api/v1/public/caravans/${caravanId}`);
    for (const url of [`/c/${caravanId}`, `/api/v1/public/caravans/${caravanId}/summary.txt?lang=es`]) {
      const first = await get(url);
      expect(first.headers['cache-control'], url).toBe(snapshot.headers['cache-control']);
      expect(first.headers.etag, url).toMatch(/^"[\w-]{27}"$/);
      const again = await get(url, { 'if-none-match': String(first.headers.etag) });
      expect([again.statusCode, again.body], url).toEqual([304, '']);
    }
    const text = await get(`/api/v1/public/caravans/${caravanId}/summary.txt`);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['access-control-allow-origin']).toBe('*');
    expect((await get(`/api/v1/public/caravans/${caravanId}/summary.txt?lang=fr`)).statusCode).toBe(400);
    expect((await get(`/api/v1/public/caravans/${caravanId}/summary.txt?format=long`)).statusCode).toBe(400);
  });

  it('answers 404 for a caravan that is not public: a page to browsers, the error to the rest', async () => {
    const caravanId = await publicCaravan();
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}`,
      headers: adminHeaders,
      payload: { status: 'archived' },
    });
    laterInTheStep();
    for (const id of [caravanId, 'no-such-caravan']) {
      const page = await get(`/c/${id}?lang=es`, { accept: 'text/html,application/xhtml+xml' });
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('<h1 class="share__name">Esta caravana no es pública</h1>');
      expect(page.body).not.toContain('og:');
      const json = await get(`/c/${id}`, { accept: 'application/json' });
      expect([json.statusCode, json.json().error.code]).toEqual([404, 'not_found']);
      expect((await get(`/api/v1/public/caravans/${id}/summary.txt`)).statusCode).toBe(404);
      expect((await get(`/oembed?url=${encodeURIComponent(`${BASE_URL}/c/${id}`)}`)).statusCode).toBe(404);
    }
  });

  it('takes its origin from the request when PUBLIC_BASE_URL is unset (scheme from a trusted proxy)', async () => {
    const local = await buildApp({ config: testConfig(), store, clientDist: fakeClientDist(), now: () => clockMs });
    try {
      const caravanId = await publicCaravan();
      const page = await local.inject({
        method: 'GET',
        url: `/c/${caravanId}`,
        headers: { host: 'maps.example', 'x-forwarded-proto': 'https' },
      });
      expect(metaTags(page.body).get('og:url')).toBe(`https://maps.example/c/${caravanId}`);
      const oembed = await local.inject({
        method: 'GET',
        url: `/oembed?url=${encodeURIComponent(`https://maps.example/embed/${caravanId}`)}`,
        headers: { host: 'maps.example', 'x-forwarded-proto': 'https' },
      });
      expect(oembed.json().html).toContain(`src="https://maps.example/embed/${caravanId}"`);
    } finally {
      await local.close();
    }
  });
});
