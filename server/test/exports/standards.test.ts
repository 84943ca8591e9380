import { check, getIssues } from '@placemarkio/check-geojson';
import type { Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, listReports, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';
import { parseCsv } from './parse-csv';
import { schemaErrors } from './xmllint';

const START_MS = Date.UTC(2024, 0, 4, 13);
const CARAVAN_NAME = 'Caravana «Éxodo» & <amigos> "2024" 🚶';

/**
 * Notes and elevations that broke or could break a format: unicode, markup, CSV quoting, formula
 * prefixes, a control character XML cannot hold; elevations JavaScript writes with an exponent,
 * zero, negatives, many decimals, none. Report 1 is hidden, report 3 flagged (low accuracy).
 */
const EDGES: Array<{ note?: string; altitudeM?: number; accuracyM?: number }> = [
  { note: 'niños 🚶 "Éxodo", ¿dónde?\nsegunda línea', altitudeM: 1e-7 },
  { note: '=HYPERLINK("http://x","y")', altitudeM: 0 },
  { note: '+1', altitudeM: -0.5 },
  { note: '-2+3', altitudeM: -999.123456789, accuracyM: 5000 },
  { note: '@SUM(A1)', altitudeM: 12.345678901234567 },
  { note: '\tcmd', altitudeM: -1.5e-7 },
  { note: 'niños' },
  { note: 'a & b < c > d \u0007 fin', altitudeM: 9999.999999 },
  { altitudeM: 170 },
];
const HIDDEN = 1;

/** What the tests read of a checked FeatureCollection. */
interface Collection {
  features: Array<{ type: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> | null }>;
}

describe.each(stores)('exports against the standards on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  const caravans = { empty: '', oneFix: '', edges: '' };
  let edgeReports: Report[] = [];

  beforeAll(async () => {
    caravans.empty = await createCaravan(setup.app, { name: CARAVAN_NAME });
    caravans.oneFix = await createCaravan(setup.app, { name: CARAVAN_NAME });
    caravans.edges = await createCaravan(setup.app, { name: CARAVAN_NAME });
    await postReports(setup.app, caravans.oneFix, { ...walk(1, START_MS)[0]!, altitudeM: 1e-7, note: 'niños' });
    const inputs = walk(EDGES.length, START_MS).map((input, i) => ({ ...input, ...EDGES[i] }));
    const posted = await postReports(setup.app, caravans.edges, { reports: inputs });
    expect(posted.json().rejected).toEqual([]);
    const hide = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/caravans/${caravans.edges}/reports/${inputs[HIDDEN]!.id}`,
      headers: adminHeaders,
      payload: { hidden: true },
    });
    expect(hide.statusCode).toBe(200);
    edgeReports = await listReports(setup.app, caravans.edges);
  });

  const download = (caravanId: string, format: string) =>
    setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/track.${format}`, headers: adminHeaders });

  describe('GeoJSON (RFC 7946, checked by @placemarkio/check-geojson)', () => {
    it('the checker refuses what the export used to write', () => {
      expect(getIssues('{"type":"FeatureCollection","properties":{},"features":[]}')).not.toEqual([]);
      const line = (coordinates: string) =>
        `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":${coordinates}}}]}`;
      expect(getIssues(line('[[-92.2,14.9]]'))).not.toEqual([]);
      expect(getIssues(line('[]'))).not.toEqual([]);
    });

    it('exports an empty caravan as a valid collection with no features, the caravan in foreign members', async () => {
      const geojson = check((await download(caravans.empty, 'geojson')).body) as unknown as Record<string, unknown>;
      expect(geojson).toEqual({
        type: 'FeatureCollection',
        caravan: { id: caravans.empty, name: CARAVAN_NAME },
        exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        features: [],
      });
    });

    it('exports a one-fix caravan as its one Point, with no one-position line', async () => {
      const geojson = check((await download(caravans.oneFix, 'geojson')).body) as unknown as Collection;
      expect(geojson.features.map((feature) => [feature.geometry.type, feature.properties?.kind])).toEqual([['Point', 'report']]);
      expect(geojson.features[0]!.properties?.note).toBe('niños');
    });

    it('exports the track as a line of the visible, unflagged fixes and every report as a Point, unicode intact', async () => {
      const geojson = check((await download(caravans.edges, 'geojson')).body) as unknown as Collection;
      expect(geojson).not.toHaveProperty('properties');
      const [line, ...points] = geojson.features;
      const onTrack = edgeReports.filter(isOnTrack);
      expect(onTrack).toHaveLength(EDGES.length - 2);
      expect(line!.geometry).toEqual({ type: 'LineString', coordinates: onTrack.map((report) => [report.lng, report.lat]) });
      expect(line!.properties).toEqual({ kind: 'track', caravanId: caravans.edges, name: CARAVAN_NAME, points: onTrack.length });
      expect(points).toEqual(
        edgeReports.map(({ lng, lat, ...properties }) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [lng, lat] },
          properties: { kind: 'report', ...properties },
        })),
      );
      expect(points.map((point) => point.properties?.note)).toEqual(EDGES.map((edge) => edge.note));
    });
  });

  describe('GPX (valid against the official GPX 1.1 schema with xmllint)', () => {
    const parse = (gpx: string) =>
      new XMLParser({
        ignoreAttributes: false,
        parseTagValue: false,
        parseAttributeValue: false,
        htmlEntities: true,
        trimValues: false,
      }).parse(gpx).gpx;

    it('the schema refuses what the export used to write', () => {
      const gpx = (ele: string) =>
        `<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="t"><trk><trkseg><trkpt lat="1" lon="2"><ele>${ele}</ele></trkpt></trkseg></trk></gpx>`;
      expect(schemaErrors(gpx('1e-7'))).toContain("is not a valid value of the atomic type 'xs:decimal'");
      expect(schemaErrors(gpx('NaN'))).not.toBe('');
      expect(schemaErrors(gpx('0.0000001'))).toBe('');
    });

    it('exports valid GPX for an empty caravan and a one-fix caravan', async () => {
      for (const caravanId of [caravans.empty, caravans.oneFix]) {
        const response = await download(caravanId, 'gpx');
        expect(schemaErrors(response.rawPayload)).toBe('');
        expect(parse(response.body).trk.name).toBe(CARAVAN_NAME);
      }
      expect((await download(caravans.oneFix, 'gpx')).body).toContain('<ele>0.0000001</ele>');
    });

    it('exports every visible, unflagged fix with decimal elevations, times and notes, valid against the schema', async () => {
      const response = await download(caravans.edges, 'gpx');
      expect(schemaErrors(response.rawPayload)).toBe('');
      expect(response.body).not.toMatch(/\de[+-]?\d|NaN|Infinity/);
      const gpx = parse(response.body);
      expect(gpx.metadata.name).toBe(CARAVAN_NAME);
      const points = gpx.trk.trkseg.trkpt as Array<Record<string, string | undefined>>;
      const onTrack = edgeReports.filter(isOnTrack);
      expect(points.map((point) => [Number(point['@_lat']), Number(point['@_lon']), point.time])).toEqual(
        onTrack.map((report) => [report.lat, report.lng, report.recordedAt]),
      );
      expect(points.map((point) => point.ele)).toEqual([
        '0.0000001',
        '-0.5',
        '12.345678901234567',
        '-0.00000015',
        undefined,
        '9999.999999',
        '170',
      ]);
      expect(points.map((point) => point.desc)).toEqual([
        'niños 🚶 "Éxodo", ¿dónde?\nsegunda línea',
        '+1',
        '@SUM(A1)',
        '\tcmd',
        'niños',
        'a & b < c > d \uFFFD fin',
        undefined,
      ]);
    });
  });

  describe('CSV (UTF-8 with a BOM, RFC 4180)', () => {
    it('starts with the UTF-8 byte order mark, so Excel reads "niños", and round-trips every note', async () => {
      const response = await download(caravans.edges, 'csv');
      expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(response.rawPayload.subarray(3).toString('utf8'));
      expect(header![0]).toBe('id');
      const column = (name: string) => header!.indexOf(name);
      expect(rows.map((row) => row[column('id')])).toEqual(edgeReports.map((report) => report.id));
      expect(rows.map((row) => row[column('hidden')])).toEqual(edgeReports.map((report) => String(report.hidden)));
      expect(rows.map((row) => row[column('note')])).toEqual([
        'niños 🚶 "Éxodo", ¿dónde?\nsegunda línea',
        `'=HYPERLINK("http://x","y")`,
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tcmd",
        'niños',
        'a & b < c > d \u0007 fin',
        '',
      ]);
      expect(rows.map((row) => Number(row[column('lng')]))).toEqual(edgeReports.map((report) => report.lng));
      expect(rows.map((row) => row[column('flags')])).toEqual(edgeReports.map((report) => report.flags.join(';')));
      expect(rows[3]![column('flags')]).toContain('low_accuracy');
    });

    it('starts an empty caravan with the BOM and the header row alone', async () => {
      const response = await download(caravans.empty, 'csv');
      expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(parseCsv(response.rawPayload.subarray(3).toString('utf8'))).toHaveLength(1);
    });
  });
});
