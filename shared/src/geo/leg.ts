import type { Report } from '../schemas/report';
import { geodesicDistanceKm } from './geodesic';

/** Moves smaller than this (or than the fixes' accuracies added up) are GPS jitter, not travel. */
const JITTER_FLOOR_M = 25;

export type LegEnd = Pick<Report, 'lng' | 'lat' | 'accuracyM'>;

/**
 * The distance one leg of the track adds to `traveledKm`: the ellipsoidal distance between two
 * consecutive fixes, or 0 when the move is within their combined accuracy (each fix may be off
 * by its own accuracy, so two fixes of a caravan at rest can lie that sum apart).
 * @example legKm({ lng: 0, lat: 0, accuracyM: 10 }, { lng: 0, lat: 0.0001 }) // 0 (11 m)
 */
export function legKm(from: LegEnd, to: LegEnd): number {
  const distanceKm = geodesicDistanceKm([from.lng, from.lat], [to.lng, to.lat]);
  const jitterM = Math.max(JITTER_FLOOR_M, (from.accuracyM ?? 0) + (to.accuracyM ?? 0));
  return distanceKm * 1000 <= jitterM ? 0 : distanceKm;
}

/**
 * The length of a chain of fixes in the order given: its legs (legKm, or `measureLeg` that answers
 * as it does) added up.
 * @example chainLengthKm(track) // traveledKm of a track in track order
 */
export function chainLengthKm(chain: readonly LegEnd[], measureLeg: (from: LegEnd, to: LegEnd) => number = legKm): number {
  let km = 0;
  for (let at = 1; at < chain.length; at++) km += measureLeg(chain[at - 1]!, chain[at]!);
  return km;
}
