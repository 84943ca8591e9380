import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/exports/track-csv';
import { adminHeaders, createCaravan, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

describe.each(stores)('track exports on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  let caravanId: string;
  const reports = walk(4, Date.UTC(2024, 0, 4, 13));
  beforeAll(async () => {
    caravanId = await createCaravan(setup.app, { name: 'Caravana "Éxodo" & <amigos>' });
    await postReports(setup.app, caravanId, {
      reports: [...reports.slice(0, 3), { ...reports[3]!, note: '=HYPERLINK("http://x"), "quoted"\nsecond line' }],
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
    const geojson = response.json();
    expect(geojson.type).toBe('FeatureCollection');
    const [line, ...points] = geojson.features;
    expect(line.geometry.coordinates).toEqual([0, 2, 3].map((i) => [reports[i]!.lng, reports[i]!.lat]));
    expect(
      points.map((point: { properties: { id: string; hidden: boolean } }) => [point.properties.id, point.properties.hidden]),
    ).toEqual(reports.map((report, i) => [report.id, i === 1]));
  });

  it('exports GPX 1.1 with the visible track in time order and the name escaped', async () => {
    const response = await download('gpx');
    expect(response.headers['content-type']).toContain('application/gpx+xml');
    const gpx = new XMLParser({ ignoreAttributes: false }).parse(response.body).gpx;
    expect(gpx.trk.name).toBe('Caravana "Éxodo" & <amigos>');
    const points = gpx.trk.trkseg.trkpt as Array<{ '@_lat': string; time: string }>;
    expect(points.map((point) => point.time)).toEqual(
      [0, 2, 3].map((i) => new Date(reports[i]!.recordedAt as string).toISOString()),
    );
    expect(Number(points[0]!['@_lat'])).toBe(reports[0]!.lat);
  });

  it('exports CSV: a header and one row per report, formulas defused and quotes escaped', async () => {
    const response = await download('csv');
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['id', 'recordedAt', 'receivedAt', 'lng', 'lat']);
    // Rows end in CRLF; the note's own newline (LF) stays inside its quoted cell.
    expect(lines).toHaveLength(1 + 4);
    expect(response.body).toContain(`"'=HYPERLINK(""http://x""), ""quoted""\nsecond line"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('plain')).toBe('plain');
  });

  it('keeps exports to staff', async () => {
    expect((await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/track.csv` })).statusCode).toBe(401);
    expect(
      (await setup.app.inject({ method: 'GET', url: '/api/v1/caravans/no-such/track.csv', headers: adminHeaders })).statusCode,
    ).toBe(404);
  });
});
