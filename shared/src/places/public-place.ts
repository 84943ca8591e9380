import type { LngLat } from '../schemas/common';
import type { Place } from '../schemas/report';
import { matchPlace } from './place-at';

/**
 * Where a public (snapped) position is, in words no finer than its grid: only places at least a
 * grid cell across are named, the distance is rounded to the grid, and "in" is said only when
 * the whole cell lies inside the place. A function of the snapped position alone, so it tells an
 * observer nothing the cell does not. Pure.
 * @example publicPlaceAt([-93.9, 16.24], 2) // { name: 'Arriaga', …, distanceKm: 0, within: false }
 */
export function publicPlaceAt(snapped: LngLat, precisionKm: number): Place | undefined {
  const match = matchPlace(snapped, { minSizeKm: precisionKm / 2 });
  if (!match) return undefined;
  const cellHalfDiagonalKm = (precisionKm * Math.SQRT2) / 2;
  return {
    ...match.place,
    distanceKm: Math.round(match.exactDistanceKm / precisionKm) * precisionKm,
    within: match.exactDistanceKm + cellHalfDiagonalKm <= match.radiusKm,
  };
}
