import { around, distance } from 'geokdbush';
import { MAX_PLACE_RADIUS_KM } from './place-radius';

/** A cell's side in degrees: about 2 km at the caravans' latitudes. */
const CELL_DEGREES = 0.02;
/** Cells remembered, at most (a few hundred bytes each); the oldest is forgotten first. */
const MAX_CELLS = 4_096;
/** Slack for floating-point rounding in the distances the bounds below add up. */
const SLACK_KM = 0.01;
/** geokdbush's own sphere and its squared-half-chord distance, so that comparisons agree with `around` bit for bit. */
const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;
const haverSin = (theta: number) => {
  const s = Math.sin(theta / 2);
  return s * s;
};
const haverSinDist = (lng1: number, lat1: number, lng2: number, lat2: number, cosLat1: number) =>
  cosLat1 * Math.cos(lat2 * RAD) * haverSin((lng1 - lng2) * RAD) + haverSin((lat1 - lat2) * RAD);

/** The columns of the gazetteer a match reads. */
export interface PlacePoints {
  readonly lng: Float64Array;
  readonly lat: Float64Array;
  readonly radiusKm: Float64Array;
  readonly index: Parameters<typeof around>[0];
}

/** The place whose edge is nearest, as matchPlace's two `around` queries find it. */
export interface EdgeMatch {
  best: number;
  edgeKm: number;
  distanceKm: number;
}

/** A cell's places, nearest its centre first, and how near each can be to a position in the cell. */
interface Cell {
  places: Int32Array;
  nearestKmAtLeast: Float64Array;
}

/**
 * matchPlace's search with its two kd-tree queries done once per grid cell instead of once per
 * position: a cell keeps every place that can be the nearest to a position in it or within that
 * position's reach (nearest distance + MAX_PLACE_RADIUS_KM, by the triangle inequality through the
 * cell's centre), and a position then scans only those, with the same distances and the same
 * comparisons as `around`, nearest to the cell's centre first and only as far as a place could
 * still win (the cell's half-diagonal is the most a position's distance can fall short of the
 * centre's). `undefined`: no place within `reachKm`; `null`: two places' edges tie
 * exactly, where `around`'s own order decides, so the caller asks the kd-tree.
 */
export function createPlaceCells(points: PlacePoints, maxReachKm: number) {
  const cells = new Map<string, Cell>();

  function candidatesOf(key: string, cellLng: number, cellLat: number, large: (i: number) => boolean): Cell {
    let found = cells.get(key);
    if (found) return found;
    const [west, south] = [cellLng * CELL_DEGREES, cellLat * CELL_DEGREES];
    const [centreLng, centreLat] = [west + CELL_DEGREES / 2, south + CELL_DEGREES / 2];
    const halfDiagonalKm =
      Math.max(
        distance(centreLng, centreLat, west, south),
        distance(centreLng, centreLat, west, south + CELL_DEGREES),
        distance(centreLng, centreLat, west + CELL_DEGREES, south),
        distance(centreLng, centreLat, west + CELL_DEGREES, south + CELL_DEGREES),
      ) + SLACK_KM;
    const [nearest] = around(points.index, centreLng, centreLat, 1, maxReachKm + halfDiagonalKm + SLACK_KM, large);
    const places =
      nearest === undefined
        ? new Int32Array(0)
        : Int32Array.from(
            around(
              points.index,
              centreLng,
              centreLat,
              Infinity,
              distance(centreLng, centreLat, points.lng[nearest]!, points.lat[nearest]!) +
                2 * halfDiagonalKm +
                MAX_PLACE_RADIUS_KM +
                SLACK_KM,
              large,
            ),
          );
    // `around` answers nearest first, so these bounds only grow: a scan stops at the first too far.
    const nearestKmAtLeast = Float64Array.from(
      places,
      (i) => distance(centreLng, centreLat, points.lng[i]!, points.lat[i]!) - halfDiagonalKm - SLACK_KM,
    );
    found = { places, nearestKmAtLeast };
    if (cells.size >= MAX_CELLS) cells.delete(cells.keys().next().value!);
    cells.set(key, found);
    return found;
  }

  return function nearestEdge(
    lng: number,
    lat: number,
    minSizeKm: number,
    large: (i: number) => boolean,
  ): EdgeMatch | undefined | null {
    const cellLng = Math.floor(lng / CELL_DEGREES);
    const cellLat = Math.floor(lat / CELL_DEGREES);
    const { places, nearestKmAtLeast } = candidatesOf(`${minSizeKm}|${cellLng}|${cellLat}`, cellLng, cellLat, large);
    const cosLat = Math.cos(lat * RAD);
    let nearest = -1;
    let nearestDist = Infinity;
    let nearestKm = Infinity;
    for (let k = 0; k < places.length && nearestKmAtLeast[k]! <= nearestKm; k++) {
      const i = places[k]!;
      const dist = haverSinDist(lng, lat, points.lng[i]!, points.lat[i]!, cosLat);
      if (dist < nearestDist) {
        [nearest, nearestDist] = [i, dist];
        nearestKm = 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(dist));
      }
    }
    if (nearest < 0 || nearestDist > haverSin(maxReachKm / EARTH_RADIUS_KM)) return undefined;
    const reachKm = distance(lng, lat, points.lng[nearest]!, points.lat[nearest]!) + MAX_PLACE_RADIUS_KM;
    const maxDist = haverSin(reachKm / EARTH_RADIUS_KM);
    let match: EdgeMatch = { best: nearest, edgeKm: Infinity, distanceKm: 0 };
    let tied = false;
    for (let k = 0; k < places.length && nearestKmAtLeast[k]! <= reachKm; k++) {
      const i = places[k]!;
      if (haverSinDist(lng, lat, points.lng[i]!, points.lat[i]!, cosLat) > maxDist) continue;
      const distanceKm = distance(lng, lat, points.lng[i]!, points.lat[i]!);
      const edgeKm = distanceKm - points.radiusKm[i]!;
      if (edgeKm < match.edgeKm) {
        match = { best: i, edgeKm, distanceKm };
        tied = false;
      } else if (edgeKm === match.edgeKm) tied = true;
    }
    return tied ? null : match;
  };
}
