import type { RouteLine } from '../schemas/caravan';
import type { LngLat } from '../schemas/common';
import { geodesicDistanceKm } from './geodesic';
import { PolylineIndex } from './polyline-index';

interface PreparedRoute {
  index: PolylineIndex;
  /** cumulativeKm[i]: ellipsoidal length of the route from vertex i to its end. */
  remainingFromVertexKm: number[];
}

// A caravan's route changes rarely and is read on every summary: prepare it once per object.
const prepared = new WeakMap<RouteLine, PreparedRoute>();

function prepare(route: RouteLine): PreparedRoute {
  let ready = prepared.get(route);
  if (ready) return ready;
  const coordinates = route.coordinates as LngLat[];
  const remainingFromVertexKm = new Array<number>(coordinates.length).fill(0);
  for (let i = coordinates.length - 2; i >= 0; i--) {
    remainingFromVertexKm[i] = remainingFromVertexKm[i + 1]! + geodesicDistanceKm(coordinates[i]!, coordinates[i + 1]!);
  }
  ready = { index: new PolylineIndex(coordinates), remainingFromVertexKm };
  prepared.set(route, ready);
  return ready;
}

/**
 * How much of a planned route is left: from the route's point nearest to `point`, along the
 * route to its end (ellipsoidal lengths).
 * @example routeRemainingKm({ type: 'LineString', coordinates: [[0, 0], [0, 1], [0, 2]] }, [0.1, 1]) // ≈ 110.6
 */
export function routeRemainingKm(route: RouteLine, point: LngLat): number {
  const { index, remainingFromVertexKm } = prepare(route);
  const [nearest] = index.nearest(point);
  const segmentEnd = route.coordinates[nearest!.segment + 1] as LngLat;
  return geodesicDistanceKm(nearest!.point, segmentEnd) + remainingFromVertexKm[nearest!.segment + 1]!;
}
