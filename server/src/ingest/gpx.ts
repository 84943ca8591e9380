import { XMLParser, XMLValidator, type EntityDecoderOptions, type MatcherView } from 'fast-xml-parser';
import { DomainError, InvalidInput, TooLarge } from '../domain-errors';
import { checkGpxBounds } from './gpx-bounds';

/** At most this many points (waypoints, route points and track points together) are read from one file. */
export const GPX_MAX_POINTS = 50_000;

/** A number from the file, or the file's own text where it has no number: ingest refuses that, naming the field. */
export type Reading = number | string;

/** One GPX point as report input: the fields of `ReportInput` that the file has. */
export interface GpxFix {
  lng?: Reading;
  lat?: Reading;
  recordedAt: string;
  altitudeM?: Reading;
  speedKmh?: Reading;
  headingDeg?: Reading;
}

/** A track point with a time, and its place among the file's track points, from 0. */
export interface GpxPoint {
  index: number;
  fix: GpxFix;
}

export interface GpxPoints {
  /** The track points that have a time, in file order. */
  points: GpxPoint[];
  /** Track points without a time: counted, not imported. */
  skipped: number;
  /** Waypoints (`<wpt>`): points of interest, not fixes; counted, never imported. */
  waypoints: number;
  /** Route points (`<rtept>`): a plan, not fixes; counted, never imported. */
  routePoints: number;
}

/**
 * The elements the import reads (namespace prefixes removed); the parser drops every other one
 * with its contents: waypoints and routes (only counted), names, descriptions, links, heart rate
 * and cadence.
 */
const READ_ELEMENTS = new Set(['trk', 'trkseg', 'trkpt', 'time', 'ele', 'speed', 'course', 'extensions', 'TrackPointExtension']);
const POINT_ELEMENTS = new Set(['wpt', 'rtept', 'trkpt']);

/** xsd:decimal, and the exponent some writers print anyway. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** GPX times are UTC by the schema's own words; one written without a zone is read as UTC. */
const ZONELESS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

const invalidGpx = (message: string) => new InvalidInput('invalid_gpx', message);

/**
 * fast-xml-parser hands a DOCTYPE's entity declarations to its entity decoder; that is the one
 * place a DOCTYPE shows itself, so this decoder refuses the file there. Entities are never
 * expanded (`processEntities: false`), so `decode` is never asked to.
 */
const refuseDoctype: EntityDecoderOptions = {
  addInputEntities: () => {
    throw invalidGpx('DOCTYPE and ENTITY declarations are refused: a GPX file needs none');
  },
  setExternalEntities: () => {},
  reset: () => {},
  decode: (text) => text,
  setXmlVersion: () => {},
};

/** What the parser counts while it reads, before the tree exists. */
interface Counts {
  points: number;
  waypoints: number;
  routePoints: number;
}

/**
 * A parser for one file: it counts points as it meets them and stops past the limit. Waypoints
 * (`gpx/wpt`) and route points (`gpx/rte/rtept`) are counted into `counts` and dropped.
 */
function createParser(counts: Counts): XMLParser {
  return new XMLParser({
    ignoreAttributes: (name) => name !== 'lat' && name !== 'lon',
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: false,
    entityDecoder: refuseDoctype,
    jPath: false,
    updateTag: (name, path) => {
      const depth = (path as MatcherView).getDepth();
      if (POINT_ELEMENTS.has(name)) {
        if (++counts.points > GPX_MAX_POINTS) {
          throw new TooLarge(
            'too_many_points',
            `the file has more than ${GPX_MAX_POINTS.toLocaleString('en')} points (waypoints, route points and track points); split it into smaller files`,
          );
        }
        if (name === 'wpt' && depth === 2) counts.waypoints++;
        if (name === 'rtept' && depth === 3) counts.routePoints++;
      }
      // The root is kept whatever its name, so a file that is not GPX can be told so by name.
      return depth === 1 || READ_ELEMENTS.has(name);
    },
  });
}

type XmlElement = Record<string, unknown>;

const isElement = (node: unknown): node is XmlElement => typeof node === 'object' && node !== null && !Array.isArray(node);

const child = (node: unknown, name: string): unknown => (isElement(node) ? node[name] : undefined);

function children(node: unknown, name: string): unknown[] {
  const value = child(node, name);
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The text of an element or attribute: a leaf is its string; an element with attributes keeps it under `#text`. */
function textOf(node: unknown): string | undefined {
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node === '' ? undefined : node;
  return isElement(node) ? textOf(node['#text']) : undefined;
}

function readingOf(node: unknown, name: string): Reading | undefined {
  const text = textOf(child(node, name));
  if (text === undefined) return undefined;
  return DECIMAL.test(text) ? Number(text) : text;
}

/** GPX speeds are metres per second; reports carry km/h (to the metre per hour, no float noise). */
function kmhFromMetresPerSecond(speed: Reading | undefined): Reading | undefined {
  return typeof speed === 'number' ? Math.round(speed * 3_600) / 1_000 : speed;
}

/** The object without its undefined fields: absent from the file is absent from the report. */
function definedFields<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/**
 * One trkpt as report input, or null without a time. GPX 1.0 has `<speed>` and `<course>`; GPX
 * 1.1 dropped them, and extensions carry them instead: Garmin's TrackPointExtension (v2)
 * `gpxtpx:speed` and `gpxtpx:course`, and OsmAnd's `osmand:speed`, written straight into
 * `<extensions>` (OsmAnd records Android's `Location.getSpeed()`, metres per second). All three
 * speeds are m/s; the standard element wins, then Garmin's, then OsmAnd's.
 */
function fixOf(point: unknown): GpxFix | null {
  const time = textOf(child(point, 'time'));
  if (time === undefined) return null;
  const extensions = children(point, 'extensions')[0];
  const garmin = children(extensions, 'TrackPointExtension')[0];
  return definedFields({
    lng: readingOf(point, '@_lon'),
    lat: readingOf(point, '@_lat'),
    recordedAt: ZONELESS_TIME.test(time) ? `${time}Z` : time,
    altitudeM: readingOf(point, 'ele'),
    speedKmh: kmhFromMetresPerSecond(readingOf(point, 'speed') ?? readingOf(garmin, 'speed') ?? readingOf(extensions, 'speed')),
    headingDeg: readingOf(point, 'course') ?? readingOf(garmin, 'course'),
  });
}

/** The document's one root element, which must be `<gpx>`; a 400 naming the problem otherwise. */
function gpxRoot(document: XmlElement): unknown {
  const roots = Object.keys(document).filter((name) => !name.startsWith('?'));
  if (roots.length > 1 || Array.isArray(document.gpx)) {
    throw invalidGpx('an XML file has one root element; this one has more than one');
  }
  if (roots[0] !== 'gpx') throw invalidGpx(`the root element is <${roots[0] ?? ''}>, not <gpx>: this is not a GPX file`);
  return document.gpx;
}

function parseXml(text: string, counts: Counts): XmlElement {
  if (text.trim() === '') throw invalidGpx('the body is empty; send a GPX file');
  checkGpxBounds(text);
  const validity = XMLValidator.validate(text);
  if (validity !== true) {
    const { line, col, msg } = validity.err;
    throw invalidGpx(`the body is not well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  try {
    return createParser(counts).parse(text) as XmlElement;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalidGpx(`the body is not usable XML: ${(error as Error).message}`);
  }
}

/**
 * Reads a GPX 1.0 or 1.1 file: its track points that have a time, as report input. Waypoints
 * are points of interest (a camp, a bridge) marked whenever someone chose, and route points a
 * plan: neither is where the caravan was at its time, so both are only counted. Throws
 * `InvalidInput` for a file that is not GPX, declares a DOCTYPE or has start tags beyond
 * `checkGpxBounds`, `TooLarge` past `GPX_MAX_POINTS` points. Values are not judged here: ingest
 * refuses a bad one, naming the field.
 *
 * @example
 * parseGpx('<gpx><wpt lat="14.91" lon="-92.27"><time>2024-01-12T14:25:00Z</time></wpt>' +
 *   '<trk><trkseg><trkpt lat="14.9" lon="-92.26"><time>2024-01-12T14:00:00Z</time></trkpt></trkseg></trk></gpx>')
 * // → { points: [{ index: 0, fix: { lng: -92.26, lat: 14.9, recordedAt: '2024-01-12T14:00:00Z' } }],
 * //     skipped: 0, waypoints: 1, routePoints: 0 }
 */
export function parseGpx(text: string): GpxPoints {
  const counts: Counts = { points: 0, waypoints: 0, routePoints: 0 };
  const gpx = gpxRoot(parseXml(text, counts));
  const trackPoints = children(gpx, 'trk')
    .flatMap((track) => children(track, 'trkseg'))
    .flatMap((segment) => children(segment, 'trkpt'));
  const result: GpxPoints = { points: [], skipped: 0, waypoints: counts.waypoints, routePoints: counts.routePoints };
  for (const [index, point] of trackPoints.entries()) {
    const fix = fixOf(point);
    if (fix) result.points.push({ index, fix });
    else result.skipped++;
  }
  return result;
}
