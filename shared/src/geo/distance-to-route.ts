import type { RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import { nearestOnLineKm } from './nearest-on-line';
import { PolylineIndex } from './polyline-index';

// A caravan's route changes rarely and is judged against every fix: index it once per object.
const indexes = new WeakMap<RouteLine, PolylineIndex>();

function indexOf(route: RouteLine): PolylineIndex {
  let index = indexes.get(route);
  if (!index) indexes.set(route, (index = new PolylineIndex(route.coordinates as LngLat[])));
  return index;
}

/**
 * How far a point is from a planned route: the ellipsoidal distance to the route's nearest point.
 * @example distanceToRouteKm({ type: 'LineString', coordinates: [[0, 0], [0, 1]] }, [0.1, 0.5]) // ≈ 11.1
 */
export function distanceToRouteKm(route: RouteLine, point: LngLat): number {
  return nearestOnLineKm(indexOf(route), point).distanceKm;
}
