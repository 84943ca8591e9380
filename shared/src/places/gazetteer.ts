import KDBush from 'kdbush';
import data from '../../data/places/gazetteer.json';
import { placeRadiusKm, townRadiusKm } from './place-radius';

/** The bundled gazetteer, columnar and indexed: GeoNames places of 1,000 people or more. */
export interface Gazetteer {
  readonly names: readonly string[];
  readonly stateNames: readonly string[];
  readonly countries: readonly string[];
  /** Per place: index into `stateNames` / `countries`. */
  readonly stateOf: Uint16Array;
  readonly lng: Float64Array;
  readonly lat: Float64Array;
  readonly population: Uint32Array;
  /** Within this a position is "in" the place. */
  readonly radiusKm: Float64Array;
  /** How large the place is (unbounded town radius): what the public grid rule compares. */
  readonly sizeKm: Float64Array;
  readonly index: KDBush;
}

type Row = [name: string, state: number, lng: number, lat: number, population: number];

let loaded: Gazetteer | undefined;

/** The gazetteer, read and indexed on first use (about 10 ms for 12,500 places). */
export function gazetteer(): Gazetteer {
  loaded ??= build(data.places as Row[], data.states);
  return loaded;
}

function build(rows: readonly Row[], states: readonly { country: string; name: string }[]): Gazetteer {
  const count = rows.length;
  const stateOf = new Uint16Array(count);
  const lng = new Float64Array(count);
  const lat = new Float64Array(count);
  const population = new Uint32Array(count);
  const radiusKm = new Float64Array(count);
  const sizeKm = new Float64Array(count);
  const index = new KDBush(count);
  rows.forEach(([, state, x, y, people], i) => {
    stateOf[i] = state;
    lng[i] = x;
    lat[i] = y;
    population[i] = people;
    radiusKm[i] = placeRadiusKm(people);
    sizeKm[i] = townRadiusKm(people);
    index.add(x, y);
  });
  index.finish();
  return {
    names: rows.map((row) => row[0]),
    stateNames: states.map((state) => state.name),
    countries: states.map((state) => state.country),
    stateOf,
    lng,
    lat,
    population,
    radiusKm,
    sizeKm,
    index,
  };
}
