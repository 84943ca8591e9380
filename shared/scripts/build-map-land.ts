/**
 * Regenerates shared/data/map-land.geo.json: the land and the lines between countries that the
 * server's static map images draw (server/src/public/map-image), for the region a caravan's
 * journey can be drawn in, from Central America to north of the US–Mexico border.
 *
 * Source: Natural Earth 1:50m Admin 0 countries (public domain), as packaged by the npm module
 * `world-atlas` (countries-50m.json, the embed's basemap land too). Every country's polygons are
 * clipped to REGION and merged into one MultiPolygon, the lines between countries taken with
 * topojson-client `mesh`; both are simplified at about a kilometre (at the largest image, 2400 px,
 * Mexico is drawn at about 2 km a pixel) and rounded to 3 decimals. Run: `npm -w shared run map-land`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bboxClip, simplify } from '@turf/turf';
import type { BBox, Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const REGION: BBox = [-130, 5, -70, 45];
const TOLERANCE_DEGREES = 0.01;

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{
  countries: GeometryCollection;
}>;
const worldAtlasVersion = (require('world-atlas/package.json') as { version: string }).version;

/** The non-empty polygons of a clipped shape. */
function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.filter((rings) => rings.length > 0 && rings[0]!.length >= 4);
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;
const roundAll = <T>(coordinates: T): T =>
  (Array.isArray(coordinates) ? coordinates.map(roundAll) : rounded(coordinates as number)) as T;

const countries = feature(topology, topology.objects.countries) as FeatureCollection;
const land = countries.features
  .filter((country) => country.geometry.type === 'Polygon' || country.geometry.type === 'MultiPolygon')
  .flatMap((country) =>
    polygonsOf(bboxClip(country as Feature<Polygon | MultiPolygon>, REGION).geometry as Polygon | MultiPolygon),
  );
const borders = bboxClip(
  mesh(topology, topology.objects.countries, (a, b) => a !== b),
  REGION,
).geometry as MultiLineString;
const simplified = (geometry: MultiPolygon | MultiLineString) =>
  simplify(geometry, { tolerance: TOLERANCE_DEGREES, highQuality: true });

const landShape = simplified({ type: 'MultiPolygon', coordinates: land }) as MultiPolygon;
const borderLines = simplified(borders) as MultiLineString;
const collection = {
  type: 'FeatureCollection',
  properties: {
    source: `Natural Earth 1:50m Admin 0 countries (public domain) via world-atlas@${worldAtlasVersion} countries-50m.json`,
    region: REGION,
    simplifiedDegrees: TOLERANCE_DEGREES,
  },
  features: [
    { type: 'Feature', properties: { layer: 'land' }, geometry: { ...landShape, coordinates: roundAll(landShape.coordinates) } },
    {
      type: 'Feature',
      properties: { layer: 'country-borders' },
      geometry: { ...borderLines, coordinates: roundAll(borderLines.coordinates).filter((line) => line.length >= 2) },
    },
  ],
};
const out = new URL('../data/map-land.geo.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(collection)}\n`);
process.stdout.write(
  `wrote ${land.length} land polygons and ${borderLines.coordinates.length} border lines to ${out.pathname}\n`,
);
