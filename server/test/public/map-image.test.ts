import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicSnapshot, ReportInput } from '@rumbo/shared';
import { PNG } from 'pngjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { mapProjection } from '../../src/public/map-image/map-svg';
import { publicStepMs } from '../../src/public/public-projection';
import { HOUR_MS, adminHeaders, createCaravan, iso, makeReport, stores } from '../helper';
import { useTestApp } from '../use-test-app';

/** Every number written in a text: none may carry more than one decimal (svg-markup.ts `px`). */
const numbersIn = (text: string) => text.match(/-?\d+(?:\.\d+)?/g) ?? [];

/** The words an SVG shows, its lines joined: what a reader reads, wherever the lines break. */
const wordsOf = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => match[1]).join(' ');

/** Chunk types of a PNG file, in order. */
function pngChunks(png: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    types.push(png.toString('latin1', offset + 4, offset + 8));
    offset += 12 + length;
  }
  return types;
}

/** xmllint's verdict on a document: '' when it is well-formed XML. */
function xmllint(svg: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rumbo-svg-')), 'map.svg');
  writeFileSync(file, svg);
  try {
    execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

/** A walk north-west from Tapachula, a fix an hour, ending `endsAgoMs` before now. */
function journey(count: number, endsAgoMs: number): ReportInput[] {
  const start = Date.now() - endsAgoMs - (count - 1) * HOUR_MS;
  return Array.from({ length: count }, (_, step) => ({
    id: `j-${String(step).padStart(3, '0')}`,
    lng: -92.2633 - step * 0.21,
    lat: 14.9056 + step * 0.13,
    recordedAt: iso(start + step * HOUR_MS),
    accuracyM: 10,
  }));
}

describe.each(stores)('the static map images on the %s store', (_kind, makeStore) => {
  /** The app's clock runs with the real one; reports are stored with their arrival in the past, as if sent then. */
  let clockMs: number | null = null;
  beforeEach(() => {
    clockMs = null;
  });
  const setup = useTestApp(makeStore, { now: () => clockMs ?? Date.now() });

  /** Stores reports as the ingest path builds them, arrived `arrivedAgoMs` ago. */
  async function store(caravanId: string, reports: ReportInput[], arrivedAgoMs: number, hidden = false) {
    for (const input of reports)
      await setup.store.insertReport(makeReport(caravanId, input, { receivedAt: new Date(Date.now() - arrivedAgoMs), hidden }));
    // Another instance's insert is seen by the view's store checks; this one forgets at once.
    setup.app.publicViews.invalidate(caravanId);
  }

  /** A caravan with a released journey, the clock held so no step turns during the test. */
  async function caravanOnItsWay(): Promise<string> {
    const caravanId = await createCaravan(setup.app, { name: 'Éxodo <b>"Sur"</b> & fe' });
    await store(caravanId, journey(30, 4 * HOUR_MS), 4 * HOUR_MS);
    clockMs = Date.now();
    return caravanId;
  }

  const get = (caravanId: string, file: string, headers: Record<string, string> = {}) =>
    setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}/${file}`, headers });
  const snapshotOf = async (caravanId: string) =>
    (await setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` })).json<PublicSnapshot>();

  it('draws an SVG that is well-formed XML, with the name escaped and no number finer than a tenth of a pixel', async () => {
    const caravanId = await caravanOnItsWay();
    const response = await get(caravanId, 'map.svg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body;
    expect(xmllint(svg)).toBe('');
    expect(svg).toContain('Éxodo &lt;b&gt;&quot;Sur&quot;&lt;/b&gt; &amp; fe');
    expect(svg).not.toContain('<b>');
    expect(svg).toMatch(/width="1200" height="630"/);
    expect(wordsOf(svg)).toMatch(/About [\d,]+ km \([\d,]+ mi\) from the US border/);
    expect(wordsOf(svg)).toContain('Positions delayed 30 minutes, approximate to 2 km');
    expect(wordsOf(svg)).toContain('Rumbo · Map data: Natural Earth');
    const tooPrecise = numbersIn(svg).filter((number) => /\.\d{2,}/.test(number));
    expect(tooPrecise).toEqual([]);
    // No longitude or latitude of the snapshot, even rounded to a tenth, is written.
    const snapshot = await snapshotOf(caravanId);
    for (const [lng, lat] of snapshot.track) {
      expect(svg).not.toContain(lng.toFixed(2));
      expect(svg).not.toContain(lat.toFixed(3));
    }
  });

  it('draws the latest position as an area at least a grid cell across, not a dot', async () => {
    const caravanId = await caravanOnItsWay();
    const svg = (await get(caravanId, 'map.svg')).body;
    const circles = [...svg.matchAll(/<circle [^>]*r="([\d.]+)"[^>]*fill-opacity="0.3"/g)];
    expect(circles).toHaveLength(1);
    expect(Number(circles[0]![1])).toBeGreaterThanOrEqual(11);
  });

  it('shows nothing of a fresh, hidden or flagged fix: the SVG and PNG bytes stay the same', async () => {
    const caravanId = await caravanOnItsWay();
    const before = { svg: (await get(caravanId, 'map.svg')).body, png: (await get(caravanId, 'map.png')).rawPayload };
    const far = { lng: -106.4, lat: 31.7, accuracyM: 10 };
    // Fresh: fixed and arrived now, inside the delay. Hidden and flagged: far away, in the released past.
    const agoMs = (minutes: number) => iso(Date.now() - minutes * 60_000);
    await store(caravanId, [{ id: 'fresh', ...far, recordedAt: iso(Date.now()) }], 0);
    await store(caravanId, [{ id: 'hidden', ...far, recordedAt: agoMs(210) }], 210 * 60_000, true);
    await store(caravanId, [{ id: 'flagged', ...far, accuracyM: 50_000, recordedAt: agoMs(205) }], 205 * 60_000);
    const after = { svg: (await get(caravanId, 'map.svg')).body, png: (await get(caravanId, 'map.png')).rawPayload };
    expect(after.svg).toBe(before.svg);
    expect(after.png.equals(before.png)).toBe(true);
    // The control: fixes in the released past, visible and plausible, do move the picture.
    const near = (id: string, minutesAgo: number, step: number) => ({
      id,
      lng: -98.4 - step * 0.05,
      lat: 18.7 + step * 0.05,
      accuracyM: 10,
      recordedAt: agoMs(minutesAgo),
    });
    await store(caravanId, [near('c-1', 180, 1), near('c-2', 150, 2), near('c-3', 120, 3)], 2 * HOUR_MS);
    expect((await get(caravanId, 'map.svg')).body).not.toBe(before.svg);
  });

  it('says no time finer than the public step: the one time written is the latest sample, a step boundary', async () => {
    const caravanId = await caravanOnItsWay();
    const snapshot = await snapshotOf(caravanId);
    const latestMs = Date.parse(snapshot.latest!.recordedAt);
    expect(latestMs % publicStepMs(snapshot.precisionKm)).toBe(0);
    const svg = (await get(caravanId, 'map.svg')).body;
    const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Mexico_City' });
    // The time is one unbreakable piece in the image (its spaces no-break ones), whatever spaces Intl writes.
    const spaced = (text: string) => text.replace(/\s/g, ' ');
    expect(spaced(svg)).toContain(spaced(time.format(latestMs)));
    expect(svg.match(/\d{1,2}:\d{2}/g)).toEqual([/\d{1,2}:\d{2}/.exec(time.format(latestMs))![0]]);
  });

  it('renders a PNG of the asked size, with no text chunk, and the track drawn where the projection puts it', async () => {
    const caravanId = await caravanOnItsWay();
    const response = await get(caravanId, 'map.png?w=800&h=600&theme=light');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(new Set(pngChunks(response.rawPayload))).toEqual(new Set(['IHDR', 'IDAT', 'IEND']));
    const png = PNG.sync.read(response.rawPayload);
    expect([png.width, png.height]).toEqual([800, 600]);
    // Where the track runs, by the projection the image is drawn with: the middle of each leg longer than a few pixels.
    const snapshot = await snapshotOf(caravanId);
    const projection = mapProjection(snapshot, { width: 800, height: 600, lang: 'en', theme: 'light' });
    const pixel = ([x, y]: [number, number]) => {
      const at = (Math.round(y) * png.width + Math.round(x)) * 4;
      return { red: png.data[at]!, green: png.data[at + 1]!, blue: png.data[at + 2]! };
    };
    const legs = snapshot.track
      .slice(1)
      .map((end, index): [[number, number], [number, number]] => [projection(snapshot.track[index]!)!, projection(end)!]);
    const middles = legs
      .filter(([from, to]) => Math.hypot(to[0] - from[0], to[1] - from[1]) > 6)
      .map(([from, to]): [number, number] => [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]);
    expect(middles.length).toBeGreaterThan(3);
    for (const middle of middles) {
      // Track blue (#1565c0 = 21, 101, 192), or that blue under the latest area's tint.
      const { red, green, blue } = pixel(middle);
      expect(blue, `at ${middle.join(',')}`).toBeGreaterThan(150);
      expect(red, `at ${middle.join(',')}`).toBeLessThan(100);
      expect(green, `at ${middle.join(',')}`).toBeLessThan(160);
    }
    // Blank elsewhere is land or sea colour, never the track's: a far corner of the map is not blue.
    expect(pixel([799, 599]).red).toBeGreaterThan(150);
  });

  it('answers a 304 to the ETag it gave, and the same cache rules as the snapshot', async () => {
    const caravanId = await caravanOnItsWay();
    const snapshot = await setup.app.inject({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` });
    for (const file of ['map.svg', 'map.png?lang=es&theme=dark']) {
      const first = await get(caravanId, file);
      expect(first.headers['cache-control']).toBe(snapshot.headers['cache-control']);
      expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
      expect(first.headers['access-control-allow-origin']).toBe('*');
      const again = await get(caravanId, file, { 'if-none-match': String(first.headers.etag) });
      expect([again.statusCode, again.body]).toEqual([304, '']);
    }
  });

  it('draws afresh when the snapshot changes (a hide), and keeps the drawing while it does not', async () => {
    const caravanId = await caravanOnItsWay();
    const first = await get(caravanId, 'map.svg?w=600');
    expect((await get(caravanId, 'map.svg?w=600')).headers.etag).toBe(first.headers.etag);
    // The newest five hours hidden: the latest public position moves back.
    for (const id of ['j-025', 'j-026', 'j-027', 'j-028', 'j-029']) {
      const hide = await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/caravans/${caravanId}/reports/${id}`,
        headers: adminHeaders,
        payload: { hidden: true },
      });
      expect(hide.statusCode).toBe(200);
    }
    const after = await get(caravanId, 'map.svg?w=600');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    // The newsletter size: 600 wide, 450 high (4:3), in Spanish when asked.
    expect(after.body).toMatch(/width="600" height="450"/);
    expect(wordsOf((await get(caravanId, 'map.svg?w=600&lang=es')).body)).toContain('de la frontera con Estados Unidos');
  });

  it('refuses bad sizes, languages, themes and unknown parameters with the field and the rule', async () => {
    const caravanId = await caravanOnItsWay();
    const cases: Array<[string, string, string]> = [
      ['w=100', 'w', 'minimum'],
      ['h=2401', 'h', 'maximum'],
      ['w=12.5', 'w', 'type'],
      ['w=wide', 'w', 'type'],
      ['lang=fr', 'lang', 'enum'],
      ['theme=sepia', 'theme', 'enum'],
      ['zoom=4', 'zoom', 'additionalProperties'],
    ];
    for (const [query, field, rule] of cases) {
      const response = await get(caravanId, `map.png?${query}`);
      expect(response.statusCode, query).toBe(400);
      const { error } = response.json<{
        error: { code: string; message: string; details: Array<{ field: string; rule: string }> };
      }>();
      expect(error.details, query).toContainEqual(expect.objectContaining({ field, rule }));
      expect(error.message, query).toContain(field);
    }
    expect((await get(caravanId, 'map.svg?w=200&h=2400')).statusCode).toBe(200);
  });

  it('answers 404 for a caravan that is unknown, as the snapshot route does', async () => {
    for (const file of ['map.svg', 'map.png']) {
      const response = await get('no-such-caravan', file);
      const snapshot = await setup.app.inject({ method: 'GET', url: '/api/v1/public/caravans/no-such-caravan' });
      expect([response.statusCode, response.json()]).toEqual([404, snapshot.json()]);
    }
  });
});
