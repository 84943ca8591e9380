// Regenerates client/src/map/data/geography.topo.json: what the bundled basemap draws beside land
// and countries — state lines, state names and country names — as one small TopoJSON file.
//
// Inputs (all Natural Earth, public domain; where to get each is in client/src/map/data/SOURCES.md):
//   1. Mexico's 32 states: Natural Earth 1:10m admin-1 states and provinces, Mexico's features.
//   2. The United States' states: Natural Earth 1:50m admin-1 states and provinces.
//   3. Country outlines for the label points: world-atlas countries-50m.json (already a dependency).
// Run: node client/scripts/build-geography.mjs <mexico-admin1.geojson> <ne_50m_admin_1_states_provinces.json>
//
// Lines are simplified keeping topology (neighbouring states still share one line), then only the
// boundaries between two states are kept: coasts and national borders come from the countries
// layer already. Each label sits at the pole of inaccessibility of its largest polygon (polylabel),
// the point farthest inside it, so a name never straddles a boundary.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import polylabel from 'polylabel';
import { feature, mesh } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';

const require = createRequire(import.meta.url);
const OUT_DIR = new URL('../src/map/data/', import.meta.url);

/**
 * Simplification threshold: the smallest triangle (Visvalingam, in square degrees) a vertex may
 * make with its neighbours and be kept. 0.0001 square degrees is about 1 km × 1 km near 20°N: the
 * lines stay true to a few hundred metres, and the whole file is ~15 KB gzip.
 */
const MIN_TRIANGLE_SQUARE_DEGREES = 0.0001;
/** Final coordinates on a 1e5 grid over the data's extent: ~60 m here, far below a line's width. */
const QUANTIZATION = 1e5;

/** Names that differ between the languages; every other state keeps its one name. */
const STATE_NAMES_EN = { 'Ciudad de México': 'Mexico City', México: 'State of Mexico' };
/** Natural Earth 1:10m (in the extract used) still calls Mexico City by its pre-2016 name. */
const RENAMED_STATES = { 'Distrito Federal': 'Ciudad de México' };
const US_STATE_NAMES_ES = {
  'District of Columbia': 'Distrito de Columbia',
  Hawaii: 'Hawái',
  Louisiana: 'Luisiana',
  Mississippi: 'Misisipi',
  Missouri: 'Misuri',
  'New Hampshire': 'Nuevo Hampshire',
  'New Jersey': 'Nueva Jersey',
  'New Mexico': 'Nuevo México',
  'New York': 'Nueva York',
  'North Carolina': 'Carolina del Norte',
  'North Dakota': 'Dakota del Norte',
  Pennsylvania: 'Pensilvania',
  'South Carolina': 'Carolina del Sur',
  'South Dakota': 'Dakota del Sur',
  'West Virginia': 'Virginia Occidental',
};
/** Not named as states: too small, and the capital's own town label names the place already. */
const UNLABELLED_STATES = new Set(['District of Columbia', 'Ciudad de México']);

/**
 * The countries named on the map (ISO 3166 numeric ids as in world-atlas), in both languages, and
 * a rank: 1 for the two the caravan walks between, 2 for the rest of the region. The two of rank 1
 * are placed by hand, for this map: their poles of inaccessibility lie in Durango and in Kansas,
 * off the caravan's corridor and, for Mexico, under the dashboard's panel while the caravan is in
 * the south; here Mexico's name stands in the east, between the route and the border, and the
 * United States' just north of the border in Texas.
 */
const COUNTRIES = [
  { id: '484', en: 'Mexico', es: 'México', rank: 1, at: [-99.7, 22.8] },
  { id: '840', en: 'United States', es: 'Estados Unidos', rank: 1, at: [-100.5, 33.4] },
  { id: '320', en: 'Guatemala', es: 'Guatemala', rank: 2 },
  { id: '084', en: 'Belize', es: 'Belice', rank: 2 },
  { id: '340', en: 'Honduras', es: 'Honduras', rank: 2 },
  { id: '222', en: 'El Salvador', es: 'El Salvador', rank: 2 },
  { id: '558', en: 'Nicaragua', es: 'Nicaragua', rank: 2 },
  { id: '188', en: 'Costa Rica', es: 'Costa Rica', rank: 2 },
  { id: '591', en: 'Panama', es: 'Panamá', rank: 2 },
  { id: '192', en: 'Cuba', es: 'Cuba', rank: 2 },
  { id: '124', en: 'Canada', es: 'Canadá', rank: 2 },
];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Area of a ring in square degrees, scaled by latitude so it compares polygons fairly. */
function ringArea(ring) {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return Math.abs(twice / 2) * Math.cos((ring[0][1] * Math.PI) / 180);
}

/** The polygon (rings) of a Polygon or MultiPolygon with the largest outer ring: the mainland. */
function largestPolygon(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((best, polygon) => (ringArea(polygon[0]) > ringArea(best[0]) ? polygon : best));
}

/**
 * The label point of a polygon: polylabel on an equirectangular projection around its latitude
 * (degrees of longitude shrink with latitude; unprojected, labels drift toward east–west edges).
 */
function labelPoint(geometry) {
  const polygon = largestPolygon(geometry);
  const scale = Math.cos((polygon[0][0][1] * Math.PI) / 180);
  const projected = polygon.map((ring) => ring.map(([lng, lat]) => [lng * scale, lat]));
  const [x, y] = polylabel(projected, 0.005);
  return [round(x / scale, 3), round(y, 3)];
}

const point = (coordinates, properties) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates } });

function mexicanStates(path) {
  return readJson(path)
    .features.filter((state) => state.properties.name)
    .map((state) => {
      const name = RENAMED_STATES[state.properties.name] ?? state.properties.name;
      return {
        type: 'Feature',
        properties: { country: 'MX', es: name, en: STATE_NAMES_EN[name] ?? name },
        geometry: state.geometry,
      };
    });
}

function usStates(path) {
  return readJson(path)
    .features.filter((state) => state.properties.admin === 'United States of America')
    .map((state) => {
      const name = state.properties.name;
      return {
        type: 'Feature',
        properties: { country: 'US', en: name, es: US_STATE_NAMES_ES[name] ?? name },
        geometry: state.geometry,
      };
    });
}

/** The boundaries between two states of one country, simplified keeping shared lines shared. */
function stateLines(states) {
  const topo = presimplify(topology({ states: { type: 'FeatureCollection', features: states } }));
  const simplified = simplify(topo, MIN_TRIANGLE_SQUARE_DEGREES);
  const lines = mesh(simplified, simplified.objects.states, (a, b) => a !== b);
  return { type: 'Feature', properties: {}, geometry: lines };
}

function stateLabels(states) {
  return states
    .filter(({ properties: { en, es } }) => !UNLABELLED_STATES.has(en) && !UNLABELLED_STATES.has(es))
    .map((state) => point(labelPoint(state.geometry), state.properties));
}

function countryLabels() {
  const countries = readJson(require.resolve('world-atlas/countries-50m.json'));
  const outlines = feature(countries, countries.objects.countries).features;
  return COUNTRIES.map(({ id, en, es, rank, at }) => {
    const outline = outlines.find((country) => country.id === id);
    if (!outline) throw new Error(`world-atlas has no country ${id} (${en})`);
    return point(at ?? labelPoint(outline.geometry), { en, es, rank });
  });
}

const [mexicoPath, usPath] = process.argv.slice(2);
if (!mexicoPath || !usPath) {
  console.error('usage: node client/scripts/build-geography.mjs <mexico-admin1.geojson> <ne_50m_admin_1_states_provinces.json>');
  process.exit(1);
}
const mexico = mexicanStates(mexicoPath);
if (mexico.length !== 32) throw new Error(`expected Mexico's 32 states, found ${mexico.length}`);
const us = usStates(usPath);
const collection = (features) => ({ type: 'FeatureCollection', features });
const geography = topology(
  {
    stateLines: collection([stateLines(mexico), stateLines(us)]),
    stateLabels: collection([...stateLabels(mexico), ...stateLabels(us)]),
    countryLabels: collection(countryLabels()),
  },
  QUANTIZATION,
);
const json = JSON.stringify(geography);
writeFileSync(new URL('geography.topo.json', OUT_DIR), `${json}\n`);
process.stdout.write(`geography.topo.json: ${(json.length / 1024).toFixed(1)} KB, ${mexico.length + us.length} states\n`);
