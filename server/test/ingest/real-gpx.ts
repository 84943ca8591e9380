import { readdirSync, readFileSync } from 'node:fs';

/**
 * The real GPX files of public test suites under fixtures/real-gpx (sources in its SOURCES.md),
 * and what each holds, counted by a pass of plain regular expressions over the text: a count
 * independent of the XML parser under test, to hold its answers against.
 */

const DIRECTORY = new URL('fixtures/real-gpx/', import.meta.url);
const EARLIEST_FIX_MS = Date.UTC(2000, 0, 1);

/** One `<trkpt>` as the text has it. */
export interface TextTrackPoint {
  lat: number;
  lng: number;
  /** The `<time>` text, or undefined without one (or an empty one). */
  time: string | undefined;
}

export interface RealGpx {
  name: string;
  /** The file's bytes, sent as they are: one of them is ISO-8859-1, not UTF-8. */
  bytes: Buffer;
  trackPoints: TextTrackPoint[];
  waypoints: number;
  routePoints: number;
}

/** A start tag of `name` with any namespace prefix, and (for a point) its body up to the end tag. */
const element = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>)`, 'g');
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];

function trackPointsOf(text: string): TextTrackPoint[] {
  return [...text.matchAll(element('trkpt'))].map(([, attributes = '', body = '']) => {
    const time = /<(?:[\w-]+:)?time>\s*([^<]*?)\s*<\/(?:[\w-]+:)?time>/.exec(body)?.[1];
    return {
      lat: Number(attribute(attributes, 'lat')),
      lng: Number(attribute(attributes, 'lon')),
      time: time === '' ? undefined : time,
    };
  });
}

const count = (text: string, name: string) => text.match(new RegExp(`<(?:[\\w-]+:)?${name}[\\s/>]`, 'g'))?.length ?? 0;

/** Epoch milliseconds of a GPX time; a time without a zone is UTC, as the GPX schema says. */
export function timeMs(time: string): number {
  return Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/.test(time) ? time : `${time}Z`);
}

/** A fix any report may hold: a position on Earth and a time since 2000 (earlier is a reset clock). */
export function isValidFix({ lat, lng, time }: TextTrackPoint): boolean {
  if (time === undefined) return false;
  const ms = timeMs(time);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && ms >= EARLIEST_FIX_MS;
}

/** What identifies a fix: its instant and position; two track points alike are one fix. */
export const fixKey = (ms: number, lng: number, lat: number) => `${ms}|${lng}|${lat}`;

export function realGpxFiles(): RealGpx[] {
  return readdirSync(DIRECTORY)
    .filter((name) => name.endsWith('.gpx'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(new URL(name, DIRECTORY));
      const text = bytes.toString('latin1');
      return {
        name,
        bytes,
        trackPoints: trackPointsOf(text),
        waypoints: count(text, 'wpt'),
        routePoints: count(text, 'rtept'),
      };
    });
}
