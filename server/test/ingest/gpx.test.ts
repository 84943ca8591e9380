import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain-errors';
import { statusOf } from '../../src/plugins/errors';
import { GPX_MAX_POINTS, parseGpx } from '../../src/ingest/gpx';
import { GPX_MAX_ATTRIBUTES_PER_ELEMENT, GPX_MAX_START_TAG_CHARS } from '../../src/ingest/gpx-bounds';
import { realGpxFiles } from './real-gpx';
import { syntheticTrack } from './synthetic-gpx';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** A GPX 1.1 document around `body`. */
const gpx11 = (body: string) => `<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">${body}</gpx>`;
/** A GPX 1.1 document with one track of one segment holding `trackPoints`. */
const trk = (trackPoints: string) => gpx11(`<trk><trkseg>${trackPoints}</trkseg></trk>`);

function refusal(text: string): DomainError {
  try {
    parseGpx(text);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('parseGpx', () => {
  it('reads a Garmin GPX 1.1 file: every segment’s timed track points, speed in km/h; waypoints only counted', () => {
    expect(parseGpx(fixture('garmin-etrex-1.1.gpx'))).toEqual({
      points: [
        {
          index: 0,
          fix: {
            lng: -92.2633,
            lat: 14.9056,
            recordedAt: '2024-01-12T14:00:00Z',
            altitudeM: 48.6,
            speedKmh: 3.78,
            headingDeg: 331,
          },
        },
        { index: 1, fix: { lng: -92.2663, lat: 14.9106, recordedAt: '2024-01-12T14:10:00Z', altitudeM: 52.1, speedKmh: 3.888 } },
        {
          index: 3,
          fix: {
            lng: -92.2693,
            lat: 14.9156,
            recordedAt: '2024-01-12T14:20:00Z',
            altitudeM: 57.9,
            speedKmh: 4.032,
            headingDeg: 329.5,
          },
        },
        { index: 4, fix: { lng: -92.2723, lat: 14.9206, recordedAt: '2024-01-12T14:30:00Z', altitudeM: 63.4, speedKmh: 3.816 } },
        { index: 5, fix: { lng: -92.275, lat: 14.9261, recordedAt: '2024-01-12T15:10:00Z', altitudeM: 70.2, speedKmh: 4.14 } },
        { index: 6, fix: { lng: -92.278, lat: 14.9311, recordedAt: '2024-01-12T15:20:00Z', altitudeM: 74.8 } },
        {
          index: 7,
          fix: {
            lng: -92.281,
            lat: 14.9361,
            recordedAt: '2024-01-12T15:30:00Z',
            altitudeM: 80,
            speedKmh: 4.5,
            headingDeg: 330.2,
          },
        },
      ],
      // The track point between 14:10 and 14:20 has no <time>.
      skipped: 1,
      // "DESCANSO" (14:25) and the one at 15:15 have a time, "SIN HORA" none: none of them is a fix.
      waypoints: 3,
      routePoints: 0,
    });
  });

  it('reads a GPX 1.0 file: <speed> in m/s becomes km/h, <course> the heading, zeros kept; hdop, desc and cmt ignored', () => {
    expect(parseGpx(fixture('gpsbabel-1.0.gpx'))).toEqual({
      points: [
        {
          index: 0,
          fix: {
            lng: -92.306,
            lat: 15.0321,
            recordedAt: '2024-01-13T06:00:00Z',
            altitudeM: 101.3,
            speedKmh: 4.68,
            headingDeg: 318.2,
          },
        },
        {
          index: 1,
          fix: {
            lng: -92.309,
            lat: 15.0371,
            recordedAt: '2024-01-13T06:10:00Z',
            altitudeM: 108.7,
            speedKmh: 3.96,
            headingDeg: 319.6,
          },
        },
        {
          index: 2,
          fix: { lng: -92.315, lat: 15.0471, recordedAt: '2024-01-13T06:40:00Z', altitudeM: 124.1, speedKmh: 0, headingDeg: 0 },
        },
      ],
      skipped: 0,
      // HUIXTLA, timed at 06:25 between two track points: a point of interest, not a fix.
      waypoints: 1,
      routePoints: 0,
    });
  });

  it('counts track points without a time, or with an empty one, as skipped, and still counts them in the indexes', () => {
    const text = gpx11(`
      <wpt lat="14.95" lon="-92.27"><name>no time</name></wpt>
      <trk><trkseg>
        <trkpt lat="14.9056" lon="-92.2633"><time/></trkpt>
        <trkpt lat="14.9106" lon="-92.2663"><time>2024-01-12T14:10:00Z</time></trkpt>
        <trkpt lat="14.9156" lon="-92.2693"></trkpt>
      </trkseg></trk>`);
    expect(parseGpx(text)).toEqual({
      points: [{ index: 1, fix: { lng: -92.2663, lat: 14.9106, recordedAt: '2024-01-12T14:10:00Z' } }],
      skipped: 2,
      waypoints: 1,
      routePoints: 0,
    });
  });

  it('never takes a waypoint for a fix, however it is timed: 42 points of interest are counted, none read', () => {
    const waypoints = Array.from(
      { length: 42 },
      (_, n) =>
        `<wpt lat="${(19.43 + n / 1000).toFixed(3)}" lon="-99.13"><ele>2240</ele><time>2024-01-12T${String(10 + (n % 10)).padStart(2, '0')}:00:00Z</time><name>POI ${n}</name><speed>3</speed></wpt>`,
    ).join('');
    const text = gpx11(`${waypoints}
      <trk><trkseg><trkpt lat="14.9056" lon="-92.2633"><time>2024-01-12T14:00:00Z</time></trkpt></trkseg></trk>`);
    expect(parseGpx(text)).toEqual({
      points: [{ index: 0, fix: { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-12T14:00:00Z' } }],
      skipped: 0,
      waypoints: 42,
      routePoints: 0,
    });
  });

  it('reads OsmAnd’s <osmand:speed> extension, metres per second, into km/h; its <hdop> is no accuracy and is ignored', () => {
    // The shape OsmAnd's GPXUtilities writes for a recorded point (see the README's sources).
    const text = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<gpx version="1.1" creator="OsmAnd~ 4.6.10" xmlns="http://www.topografix.com/GPX/1/1" xmlns:osmand="https://osmand.net" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <trk><trkseg>
    <trkpt lat="14.9056" lon="-92.2633">
      <ele>48.6</ele>
      <time>2024-01-12T14:00:00Z</time>
      <hdop>3.8</hdop>
      <extensions>
        <osmand:speed>1.25</osmand:speed>
      </extensions>
    </trkpt>
    <trkpt lat="14.9106" lon="-92.2663"><ele>52.1</ele><time>2024-01-12T14:10:00Z</time><hdop>4</hdop></trkpt>
  </trkseg></trk>
</gpx>`;
    expect(parseGpx(text).points.map((point) => point.fix)).toEqual([
      { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-12T14:00:00Z', altitudeM: 48.6, speedKmh: 4.5 },
      { lng: -92.2663, lat: 14.9106, recordedAt: '2024-01-12T14:10:00Z', altitudeM: 52.1 },
    ]);
  });

  it('takes the speed from <speed>, then Garmin’s gpxtpx:speed, then osmand:speed, whichever the point has first', () => {
    const point = (speeds: string) => `<trkpt lat="14.9" lon="-92.2"><time>2024-01-12T14:00:00Z</time>${speeds}</trkpt>`;
    const garmin = (speed: number) =>
      `<gpxtpx:TrackPointExtension xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"><gpxtpx:speed>${speed}</gpxtpx:speed></gpxtpx:TrackPointExtension>`;
    const osmand = (speed: number) => `<osmand:speed xmlns:osmand="https://osmand.net">${speed}</osmand:speed>`;
    const text = gpx11(`<trk><trkseg>
      ${point(`<speed>1</speed><extensions>${garmin(2)}${osmand(3)}</extensions>`)}
      ${point(`<extensions>${osmand(3)}${garmin(2)}</extensions>`)}
      ${point(`<extensions>${osmand(3)}</extensions>`)}
      ${point(`<extensions><osmand:speed xmlns:osmand="https://osmand.net">fast</osmand:speed></extensions>`)}
    </trkseg></trk>`);
    expect(parseGpx(text).points.map((point) => point.fix.speedKmh)).toEqual([3.6, 7.2, 10.8, 'fast']);
  });

  it('reads elements by local name, whatever namespace prefix the writer chose (Garmin Connect writes ns3:)', () => {
    const text = `<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" version="1.1">
      <g:trk><g:trkseg><g:trkpt lat="14.9056" lon="-92.2633"><g:time>2024-01-12T14:00:00.000Z</g:time>
        <g:extensions><ns3:TrackPointExtension><ns3:hr>98</ns3:hr><ns3:speed>2</ns3:speed></ns3:TrackPointExtension></g:extensions>
      </g:trkpt></g:trkseg></g:trk></g:gpx>`;
    expect(parseGpx(text).points).toEqual([
      { index: 0, fix: { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-12T14:00:00.000Z', speedKmh: 7.2 } },
    ]);
  });

  it('prefers the standard <speed> and <course> over the Garmin extension’s', () => {
    const text = trk(`<trkpt lat="14.9" lon="-92.2"><time>2024-01-12T14:00:00Z</time><course>90</course><speed>1</speed>
      <extensions><gpxtpx:TrackPointExtension xmlns:gpxtpx="x"><gpxtpx:speed>5</gpxtpx:speed><gpxtpx:course>180</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>
    </trkpt>`);
    expect(parseGpx(text).points[0]!.fix).toMatchObject({ speedKmh: 3.6, headingDeg: 90 });
  });

  it('reads a time without a zone as UTC, as the GPX schema defines, and keeps an explicit offset as written', () => {
    const text = trk(`<trkpt lat="14.9" lon="-92.2"><time>2024-01-12T14:00:00</time></trkpt>
      <trkpt lat="14.9" lon="-92.2"><time>2024-01-12T09:00:00.5-05:00</time></trkpt>`);
    expect(parseGpx(text).points.map((point) => point.fix.recordedAt)).toEqual([
      '2024-01-12T14:00:00Z',
      '2024-01-12T09:00:00.5-05:00',
    ]);
  });

  it('passes a value that is no number on as the file’s text, for ingest to refuse naming the field; empty is absent', () => {
    const text = trk(`<trkpt lat="north" lon=""><time>2024-01-12T14:00:00Z</time><ele></ele><speed>fast</speed></trkpt>`);
    expect(parseGpx(text).points).toEqual([
      { index: 0, fix: { lat: 'north', recordedAt: '2024-01-12T14:00:00Z', speedKmh: 'fast' } },
    ]);
  });

  it('imports neither route points nor the metadata time: they are no fixes of the caravan; route points are counted', () => {
    const text = gpx11(`<metadata><time>2024-01-12T18:00:00Z</time></metadata>
      <rte><rtept lat="15.1" lon="-92.4"><time>2024-01-12T20:00:00Z</time></rtept><rtept lat="15.2" lon="-92.5"/></rte>
      <rte><rtept lat="15.3" lon="-92.6"><time>2024-01-12T21:00:00Z</time></rtept></rte>
      <trk><trkseg><trkpt lat="14.9" lon="-92.2"><time>2024-01-12T14:00:00Z</time></trkpt></trkseg></trk>`);
    expect(parseGpx(text)).toEqual({
      points: [{ index: 0, fix: { lng: -92.2, lat: 14.9, recordedAt: '2024-01-12T14:00:00Z' } }],
      skipped: 0,
      waypoints: 0,
      routePoints: 3,
    });
  });

  it('reads a file that starts with a byte order mark, as Windows tools write them', () => {
    expect(parseGpx(`\ufeff${fixture('gpsbabel-1.0.gpx')}`)).toEqual(parseGpx(fixture('gpsbabel-1.0.gpx')));
  });

  it('does not take text that looks like a DOCTYPE inside CDATA for one', () => {
    const text = trk(
      `<trkpt lat="14.9" lon="-92.2"><time>2024-01-12T14:00:00Z</time><desc><![CDATA[<!DOCTYPE gpx>]]></desc></trkpt>`,
    );
    expect(parseGpx(text).points).toHaveLength(1);
  });

  describe('real files from public test suites (fixtures/real-gpx, see SOURCES.md)', () => {
    const files = realGpxFiles();

    it('holds 20 or more files, under 200 KB each', () => {
      expect(files.length).toBeGreaterThanOrEqual(20);
      for (const { name, bytes } of files) expect({ name, size: bytes.length < 200 * 1024 }).toEqual({ name, size: true });
    });

    it.each(files.map((file) => [file.name, file] as const))(
      '%s: every track point read once, in file order, timed ones as fixes; waypoints and route points only counted',
      (_name, { bytes, trackPoints, waypoints, routePoints }) => {
        const parsed = parseGpx(bytes.toString('utf8'));
        const timed = trackPoints.flatMap((point, index) => (point.time === undefined ? [] : [{ index, point }]));
        expect({ skipped: parsed.skipped, waypoints: parsed.waypoints, routePoints: parsed.routePoints }).toEqual({
          skipped: trackPoints.length - timed.length,
          waypoints,
          routePoints,
        });
        expect(parsed.points.map(({ index, fix }) => ({ index, lat: fix.lat, lng: fix.lng }))).toEqual(
          timed.map(({ index, point }) => ({ index, lat: point.lat, lng: point.lng })),
        );
      },
    );
  });

  describe('refusals', () => {
    it.each([
      ['an empty body', '', /^the body is empty/],
      ['whitespace', ' \n ', /^the body is empty/],
      ['plain text', 'lat,lon,time\n14.9,-92.2,2024-01-12T14:00:00Z', /^the body is not well-formed XML \(line 1, column 1\)/],
      ['JSON', '{"lat":14.9}', /^the body is not well-formed XML \(line 1, column 1\)/],
      ['a truncated file', '<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2">', /^the body is not well-formed XML/],
      ['a KML file', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>', /^the root element is <kml>, not <gpx>/],
      ['two root elements', '<gpx version="1.1"/><gpx version="1.1"/>', /one root element/],
      ['a stray ENTITY declaration', '<!ENTITY a "b"><gpx/>', /^the body is not well-formed XML/],
    ])('refuses %s with 400 invalid_gpx, saying what is wrong', (_label, text, message) => {
      const error = refusal(text);
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
      expect(error.message).toMatch(message);
    });

    it('refuses a DOCTYPE that declares entities (billion laughs) before expanding any', () => {
      const error = refusal(fixture('billion-laughs.gpx'));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
      expect(error.message).toMatch(/DOCTYPE and ENTITY declarations are refused/);
    });

    it('refuses a DOCTYPE without entities too (an external DTD)', () => {
      const error = refusal(`<!DOCTYPE gpx SYSTEM "http://www.topografix.com/GPX/1/1/gpx.dtd">${gpx11('')}`);
      expect(statusOf(error)).toBe(400);
      expect(error.message).toMatch(/DOCTYPE/);
    });

    it('refuses element names that could pollute prototypes with 400, and pollutes nothing', () => {
      const error = refusal(gpx11('<__proto__><hidden>true</hidden></__proto__>'));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
      expect(({} as Record<string, unknown>).hidden).toBeUndefined();
    });

    it('refuses an element carrying more attributes than a GPX file needs (870,000 on one point), naming the rule', () => {
      const attributes = Array.from({ length: 870_000 }, (_, index) => `a${index}="1"`).join(' ');
      const error = refusal(gpx11(`\n<wpt lat="14.9" lon="-92.2" ${attributes}><time>2024-01-12T14:00:00Z</time></wpt>`));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
      expect(error.message).toBe(
        `<wpt> on line 2 carries more than ${GPX_MAX_ATTRIBUTES_PER_ELEMENT} attributes; a GPX element needs a handful`,
      );
    });

    it('refuses a start tag longer than any GPX element (a huge attribute value or name), naming the rule', () => {
      for (const tag of [
        `<wpt lat="1" lon="2" name="${'x'.repeat(GPX_MAX_START_TAG_CHARS)}"/>`,
        `<${'x'.repeat(GPX_MAX_START_TAG_CHARS)}/>`,
      ]) {
        const error = refusal(gpx11(tag));
        expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
        expect(error.message).toMatch(/on line 1 is longer than 16,384 characters with its attributes/);
      }
    });

    it('counts attributes only in tags: text, comments and CDATA may hold any number of "="', () => {
      const equals = 'a="1" '.repeat(GPX_MAX_ATTRIBUTES_PER_ELEMENT + 1);
      const text = trk(
        `<!-- ${equals} --><trkpt lat="1" lon="2" note='> ${equals}'><desc><![CDATA[<a ${equals}>]]> ${equals}</desc><time>2024-01-12T14:00:00Z</time></trkpt>`,
      );
      expect(parseGpx(text).points).toHaveLength(1);
    });

    it('refuses XML nested deeper than a GPX file ever is with 400, not a crash', () => {
      const depth = 100_000;
      const error = refusal(gpx11(`${'<extensions>'.repeat(depth)}${'</extensions>'.repeat(depth)}`));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 400, code: 'invalid_gpx' });
    });

    it(`reads ${GPX_MAX_POINTS.toLocaleString('en')} points, and refuses one more with 413`, () => {
      expect(parseGpx(syntheticTrack(GPX_MAX_POINTS)).points).toHaveLength(GPX_MAX_POINTS);
      const error = refusal(syntheticTrack(GPX_MAX_POINTS + 1));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 413, code: 'too_many_points' });
      expect(error.message).toMatch(/more than 50,000 points/);
      // Parsing two 5 MB files takes a few seconds alone, much longer on a busy 2-core machine.
    }, 90_000);

    it('counts waypoints and route points toward the limit too: the parser reads them, though it imports none', () => {
      const half = GPX_MAX_POINTS / 2;
      const points = (extra: number) =>
        gpx11(
          `${'<wpt lat="14.9" lon="-92.2"/>'.repeat(half)}<rte>${'<rtept lat="14.9" lon="-92.2"/>'.repeat(half + extra)}</rte>`,
        );
      expect(parseGpx(points(0))).toEqual({ points: [], skipped: 0, waypoints: half, routePoints: half });
      const error = refusal(points(1));
      expect({ statusCode: statusOf(error), code: error.code }).toEqual({ statusCode: 413, code: 'too_many_points' });
      expect(error.message).toBe(
        'the file has more than 50,000 points (waypoints, route points and track points); split it into smaller files',
      );
    }, 30_000);
  });
});
