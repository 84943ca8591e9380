import { around, distance } from 'geokdbush';
import type { LngLat } from '../schemas/common';
import type { Place } from '../schemas/report';
import { gazetteer, type Gazetteer } from './gazetteer';
import { createPlaceCells, type EdgeMatch } from './place-cells';
import { MAX_PLACE_RADIUS_KM } from './place-radius';

/** Farther than this from every place, a position is not named (open sea, outside the coverage). */
export const MAX_PLACE_REACH_KM = 100;

export interface PlaceQuery {
  /** Only places whose town radius (`townRadiusKm`) is at least this count; default: every place. */
  minSizeKm?: number;
}

/** A place found for a position, with the radius it was judged by. */
export interface PlaceMatch {
  place: Place;
  radiusKm: number;
  /** Unrounded great-circle distance to the place's point. */
  exactDistanceKm: number;
}

/**
 * The place a position is best described by: among the gazetteer's places, the one whose edge
 * (its estimated radius around its point) is nearest, so a position inside a town is named after
 * that town and not after a hamlet closer to its centre. `undefined` when none is within reach.
 * Distances are great-circle, in km, to 0.1 km.
 * @example placeAt([-93.9, 16.236])  // { name: 'Arriaga', state: 'Chiapas', country: 'MX', distanceKm: 0, within: true }
 */
export function placeAt(point: LngLat, query: PlaceQuery = {}): Place | undefined {
  return matchPlace(point, query)?.place;
}

let cells: ReturnType<typeof createPlaceCells> | undefined;

/** `placeAt`, with the radius and exact distance it was judged by. */
export function matchPlace(point: LngLat, query: PlaceQuery = {}): PlaceMatch | undefined {
  const places = gazetteer();
  const minSizeKm = query.minSizeKm ?? 0;
  const large = (i: number) => places.sizeKm[i]! >= minSizeKm;
  cells ??= createPlaceCells(places, MAX_PLACE_REACH_KM);
  const found = cells(point[0], point[1], minSizeKm, large);
  if (found === null) return matchPlaceInIndex(point, query);
  return found && placeMatch(places, found);
}

/** matchPlace from the kd-tree itself, two queries a position: what the grid cells must answer alike. */
export function matchPlaceInIndex([lng, lat]: LngLat, query: PlaceQuery = {}): PlaceMatch | undefined {
  const places = gazetteer();
  const minSizeKm = query.minSizeKm ?? 0;
  const large = (i: number) => places.sizeKm[i]! >= minSizeKm;
  const [nearest] = around(places.index, lng, lat, 1, MAX_PLACE_REACH_KM, large);
  if (nearest === undefined) return undefined;
  // No place beyond this can have a nearer edge than the nearest place's centre.
  const reachKm = distance(lng, lat, places.lng[nearest]!, places.lat[nearest]!) + MAX_PLACE_RADIUS_KM;
  let match: EdgeMatch = { best: nearest, edgeKm: Infinity, distanceKm: 0 };
  for (const i of around(places.index, lng, lat, Infinity, reachKm, large)) {
    const distanceKm = distance(lng, lat, places.lng[i]!, places.lat[i]!);
    const edgeKm = distanceKm - places.radiusKm[i]!;
    if (edgeKm < match.edgeKm) match = { best: i, edgeKm, distanceKm };
  }
  return placeMatch(places, match);
}

function placeMatch(places: Gazetteer, { best, edgeKm, distanceKm }: EdgeMatch): PlaceMatch {
  const state = places.stateOf[best]!;
  const place: Place = {
    name: places.names[best]!,
    state: places.stateNames[state]!,
    country: places.countries[state]!,
    distanceKm: Math.round(distanceKm * 10) / 10,
    within: edgeKm <= 0,
  };
  return { place, radiusKm: places.radiusKm[best]!, exactDistanceKm: distanceKm };
}
