import { get, type IncomingMessage } from 'node:http';
import { check } from '@placemarkio/check-geojson';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/exports/track-csv';
import { EXPORT_PAGE_REPORTS } from '../../src/exports/report-pages';
import { parseCsv } from '../exports/parse-csv';
import { MemoryStore } from '../../src/store/memory-store';
import { watchedStore } from '../exports/watched-store';
import { schemaErrors } from '../exports/xmllint';
import { adminHeaders, createCaravan, iso, makeReport, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

describe.each(stores)('track exports on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  let caravanId: string;
  const reports = walk(4, Date.UTC(2024, 0, 4, 13));
  beforeAll(async () => {
    caravanId = await createCaravan(setup.app, { name: 'Caravana "Éxodo" & <amigos>' });
    await postReports(setup.app, caravanId, {
      reports: [
        { ...reports[0]!, altitudeM: 1e-7 },
        ...reports.slice(1, 3),
        { ...reports[3]!, note: '=HYPERLINK("http://x"), "quoted"\nsecond line' },
      ],
    });
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravanId}/reports/${reports[1]!.id}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
  });

  const download = (format: string) =>
    setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/track.${format}`, headers: adminHeaders });

  it('exports GeoJSON: the visible track as a line and every report as a point', async () => {
    const response = await download('geojson');
    expect(response.headers['content-type']).toContain('application/geo+json');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${caravanId}-track.geojson"`);
    expect(response.headers['cache-control']).toBe('no-store');
    const geojson = response.json();
    expect(geojson.type).toBe('FeatureCollection');
    const [line, ...points] = geojson.features;
    expect(line.geometry.coordinates).toEqual([0, 2, 3].map((i) => [reports[i]!.lng, reports[i]!.lat]));
    expect(
      points.map((point: { properties: { id: string; hidden: boolean } }) => [point.properties.id, point.properties.hidden]),
    ).toEqual(reports.map((report, i) => [report.id, i === 1]));
  });

  it('exports GPX 1.1: exactly the visible track in time order, the name escaped, numbers as decimals', async () => {
    const response = await download('gpx');
    expect(response.headers['content-type']).toBe('application/gpx+xml; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${caravanId}-track.gpx"`);
    const exportedAt = /<metadata><name>[^<]*<\/name><time>([^<]+)<\/time>/.exec(response.body)?.[1];
    const name = 'Caravana &quot;Éxodo&quot; &amp; &lt;amigos&gt;';
    const point = (i: number, inner: string) =>
      `      <trkpt lat="${reports[i]!.lat}" lon="${reports[i]!.lng}">${inner}<time>${reports[i]!.recordedAt}</time></trkpt>\n`;
    expect(response.body).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<gpx version="1.1" creator="Rumbo" xmlns="http://www.topografix.com/GPX/1/1">\n',
        `  <metadata><name>${name}</name><time>${exportedAt}</time></metadata>\n`,
        `  <trk><name>${name}</name>\n`,
        '    <trkseg>\n',
        point(0, '<ele>0.0000001</ele>'),
        point(2, ''),
        point(3, '').replace(
          '</trkpt>',
          '<desc>=HYPERLINK(&quot;http://x&quot;), &quot;quoted&quot;\nsecond line</desc></trkpt>',
        ),
        '    </trkseg>\n  </trk>\n</gpx>\n',
      ].join(''),
    );
    expect(new Date(exportedAt!).toISOString()).toBe(exportedAt);
    expect(new XMLParser({ ignoreAttributes: false }).parse(response.body).gpx.trk.name).toBe('Caravana "Éxodo" & <amigos>');
    expect(schemaErrors(response.rawPayload)).toBe('');
  });

  it('exports CSV: a BOM, a header and one row per report, formulas defused and quotes escaped', async () => {
    const response = await download('csv');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['id', 'recordedAt', 'receivedAt', 'lng', 'lat']);
    // Rows end in CRLF; the note's own newline (LF) stays inside its quoted cell.
    expect(lines).toHaveLength(1 + 4);
    expect(response.body).toContain(`"'=HYPERLINK(""http://x""), ""quoted""\nsecond line"`);
  });

  it('defuses every formula prefix in text cells, never in numbers', () => {
    for (const prefix of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${prefix}1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(undefined)).toBe('');
  });

  it('keeps exports to staff', async () => {
    expect((await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/track.csv` })).statusCode).toBe(401);
    expect(
      (await setup.app.inject({ method: 'GET', url: '/api/v1/caravans/no-such/track.csv', headers: adminHeaders })).statusCode,
    ).toBe(404);
  });
});

/** More reports than two pages hold, so every export reads the store at least three times. */
const LONG_TRACK_REPORTS = EXPORT_PAGE_REPORTS * 2 + 500;

describe.each(stores)('streamed exports of a long track on the %s store', (_kind, makeStore) => {
  const watched = watchedStore(makeStore());
  const setup = useTestApp(() => watched.store, { listen: true });
  let caravanId: string;
  const url = (format: string) => `/api/v1/caravans/${caravanId}/track.${format}`;

  beforeAll(async () => {
    caravanId = await createCaravan(setup.app, { name: 'Caravana larga' });
    const inputs = walk(LONG_TRACK_REPORTS, Date.UTC(2024, 0, 1), 60_000, 'long').map((input) => ({
      ...input,
      lng: -92.2633,
      lat: 14.9056,
    }));
    for (let first = 0; first < inputs.length; first += 100) {
      const batch = inputs.slice(first, first + 100).map((input) => watched.store.insertReport(makeReport(caravanId, input)));
      await Promise.all(batch);
    }
  });
  beforeEach(() => watched.reset());

  const pageLimits = () => watched.reads(caravanId).map((read) => read.limit);
  const onePassLimits = [EXPORT_PAGE_REPORTS, EXPORT_PAGE_REPORTS + 1, EXPORT_PAGE_REPORTS + 1];

  it('reads the store a page at a time, never the whole history at once', async () => {
    const csv = await setup.app.inject({ method: 'GET', url: url('csv'), headers: adminHeaders });
    const [, ...rows] = parseCsv(csv.body.slice(1));
    expect(rows.map((row) => row[0])).toEqual(
      Array.from({ length: LONG_TRACK_REPORTS }, (_, i) => `long-${String(i).padStart(4, '0')}`),
    );
    expect(pageLimits()).toEqual(onePassLimits);

    watched.reset();
    const gpx = await setup.app.inject({ method: 'GET', url: url('gpx'), headers: adminHeaders });
    expect(schemaErrors(gpx.rawPayload)).toBe('');
    expect(gpx.body.match(/<trkpt /g)).toHaveLength(LONG_TRACK_REPORTS);
    expect(pageLimits()).toEqual(onePassLimits);

    watched.reset();
    const geojson = await setup.app.inject({ method: 'GET', url: url('geojson'), headers: adminHeaders });
    const collection = check(geojson.body) as unknown as {
      features: Array<{ geometry: { type: string; coordinates: unknown[] } }>;
    };
    expect(collection.features).toHaveLength(1 + LONG_TRACK_REPORTS);
    expect(collection.features[0]!.geometry.coordinates).toHaveLength(LONG_TRACK_REPORTS);
    // One pass for the line, one for the points.
    expect(pageLimits()).toEqual([...onePassLimits, ...onePassLimits]);
  });

  it('sends the first bytes before it reads the rest of the track, and the stream is the whole file', async () => {
    let firstBytesArrived = () => {};
    const clientHasFirstBytes = new Promise<void>((resolve) => (firstBytesArrived = resolve));
    watched.beforeRead(async (call) => {
      if (call >= 2) await clientHasFirstBytes;
    });
    const response = await withinSeconds(
      5,
      fetch(`${setup.baseUrl}${url('csv')}`, { headers: adminHeaders }),
      'the export read the whole track before sending anything',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${caravanId}-track.csv"`);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    const first = await withinSeconds(5, reader.read(), 'no bytes arrived while the second page was held');
    chunks.push(first.value!);
    // The route held at the second page: what arrived was sent before the rest was read.
    expect(watched.reads(caravanId).length).toBeLessThanOrEqual(2);
    firstBytesArrived();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThan(1);
    const streamed = Buffer.concat(chunks);
    watched.reset();
    const built = await setup.app.inject({ method: 'GET', url: url('csv'), headers: adminHeaders });
    expect(streamed.equals(built.rawPayload)).toBe(true);
  });

  it('aborts the download when the store fails midway, so no truncated file looks complete', async () => {
    for (const format of ['csv', 'gpx', 'geojson']) {
      watched.reset();
      watched.beforeRead(async (call) => {
        if (call === 2) throw new Error('store went away');
      });
      // Uncompressed, where the first bytes leave at once; compressed downloads: compression.test.ts.
      const response = await fetch(`${setup.baseUrl}${url(format)}`, {
        headers: { ...adminHeaders, 'accept-encoding': 'identity' },
      });
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer(), format).rejects.toThrow();
    }
  });

  it('answers an error, not an empty file, when the store fails before the first byte', async () => {
    // What ioredis says when Redis is gone.
    watched.beforeRead(async () => {
      throw new Error('Connection is closed.');
    });
    for (const format of ['csv', 'gpx', 'geojson']) {
      const response = await setup.app.inject({ method: 'GET', url: url(format), headers: adminHeaders });
      expect(response.statusCode, format).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json().error.code).toBe('store_unavailable');
      expect(response.headers['content-disposition']).toBeUndefined();
    }
  });
});

/** The promise, or a failure saying `why` when it takes longer than `seconds`. */
function withinSeconds<T>(seconds: number, promise: Promise<T>, why: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why)), seconds * 1000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A paused client must stop the reading: far more bytes than the kernel's socket buffers hold (a
 * few MB on loopback), so without backpressure every page would be read while nothing is taken.
 */
describe('backpressure of a streamed export', () => {
  const watched = watchedStore(new MemoryStore());
  const setup = useTestApp(() => watched.store, { listen: true });
  const reportCount = EXPORT_PAGE_REPORTS * 100;
  let caravanId: string;

  beforeAll(async () => {
    caravanId = await createCaravan(setup.app, { name: 'Caravana muy larga' });
    const [first] = walk(1, Date.UTC(2024, 0, 1));
    const base = makeReport(caravanId, { ...first!, note: 'una nota de campo, como tantas otras' });
    for (let i = 0; i < reportCount; i++) {
      await watched.store.insertReport({ ...base, id: `slow-${i}`, recordedAt: iso(Date.UTC(2024, 0, 1) + i * 1000) });
    }
  });

  it('stops reading the store while the client reads nothing, and finishes when it reads again', async () => {
    watched.reset();
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${setup.baseUrl}/api/v1/caravans/${caravanId}/track.geojson`, { headers: adminHeaders }, resolve).on('error', reject),
    );
    response.pause();
    const reads = () => watched.reads(caravanId).length;
    let settled = -1;
    while (settled !== reads()) {
      settled = reads();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const allReads = 2 * (reportCount / EXPORT_PAGE_REPORTS + 1);
    // Measured: 107 of 202 (the whole line pass, whose output is small, and a few pages of points).
    expect(settled, `pages read while the client read nothing, of ${allReads}`).toBeLessThan(allReads * 0.75);
    let bytes = 0;
    response.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await new Promise((resolve) => response.on('end', resolve).resume());
    expect(reads()).toBe(allReads);
    expect(bytes).toBeGreaterThan(50_000_000);
  });
});
