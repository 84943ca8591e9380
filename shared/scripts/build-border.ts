/**
 * Regenerates shared/data/us-mx-border.geo.json: the US–Mexico land boundary as one LineString,
 * ordered west (Pacific) to east (Gulf of Mexico).
 *
 * Source: Natural Earth 1:10m Admin 0 countries (public domain), as packaged by the npm module
 * `world-atlas` (countries-10m.json); the shared arcs between ids '840' (USA) and '484' (Mexico)
 * are taken with topojson-client `mesh`. Run: `npm -w shared run border`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Position } from 'geojson';

const require = createRequire(import.meta.url);
const topologyPath = require.resolve('world-atlas/countries-10m.json');
const topology = JSON.parse(readFileSync(topologyPath, 'utf8')) as Topology<{ countries: GeometryCollection }>;
const worldAtlasVersion = (require('world-atlas/package.json') as { version: string }).version;

const isPair = (a: { id?: string | number }, b: { id?: string | number }) =>
  (a.id === '840' && b.id === '484') || (a.id === '484' && b.id === '840');
const border = mesh(topology, topology.objects.countries, isPair);

/** Joins the mesh's pieces end to end into one west-to-east line. */
function joinPieces(pieces: Position[][]): Position[] {
  const remaining = pieces.map((piece) => [...piece]);
  remaining.sort((a, b) => Math.min(a[0]![0]!, a.at(-1)![0]!) - Math.min(b[0]![0]!, b.at(-1)![0]!));
  let line = remaining.shift()!;
  if (line[0]![0]! > line.at(-1)![0]!) line.reverse();
  const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
  while (remaining.length > 0) {
    const end = line.at(-1)!;
    const index = remaining.findIndex((piece) => same(piece[0]!, end) || same(piece.at(-1)!, end));
    if (index < 0) throw new Error(`border pieces do not join at ${end.join(',')}`);
    const piece = remaining.splice(index, 1)[0]!;
    if (!same(piece[0]!, end)) piece.reverse();
    line = line.concat(piece.slice(1));
  }
  return line;
}

const coordinates = joinPieces(border.coordinates);
const feature = {
  type: 'Feature',
  properties: {
    name: 'United States–Mexico border',
    source: `Natural Earth 1:10m Admin 0 countries (public domain) via world-atlas@${worldAtlasVersion} countries-10m.json, mesh of ids 840 and 484`,
    orientation: 'west to east; the United States lies to the left (north) of the line',
    vertices: coordinates.length,
  },
  geometry: { type: 'LineString', coordinates },
};
const out = new URL('../data/us-mx-border.geo.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(feature)}\n`);
process.stdout.write(`wrote ${coordinates.length} vertices from ${border.coordinates.length} pieces to ${out.pathname}\n`);
