import { legKm, type LegEnd } from '../geo/leg';

/** A report's neighbour on the track; none at either end. */
export type TrackNeighbour = LegEnd | null | undefined;

/**
 * How `traveledKm` changes when `report` joins the track between its neighbours `previous` and
 * `next`: the two legs it creates come, the one it splits goes. Leaving the track is the negation.
 * This is what lets a store keep `traveledKm` right on every insert without reading the track.
 * @example legDeltaKm(a, b, c) // legKm(a, b) + legKm(b, c) − legKm(a, c)
 * @example legDeltaKm(undefined, first, next) // legKm(first, next): a new start adds one leg
 */
export function legDeltaKm(previous: TrackNeighbour, report: LegEnd, next: TrackNeighbour): number {
  return (
    (previous ? legKm(previous, report) : 0) + (next ? legKm(report, next) : 0) - (previous && next ? legKm(previous, next) : 0)
  );
}
