import type { LngLat } from '@rumbo/shared';

const KM_PER_DEGREE_LAT = 111.32;
const RADIANS = Math.PI / 180;

/**
 * Snaps a position to the centre of a grid cell about `precisionKm` on a side: latitude rows of
 * fixed height, then columns whose width in degrees widens with the row's latitude. The same
 * fix always lands in the same cell, and nothing finer than the cell survives.
 * @example snapToGrid([-92.2633, 14.9056], 2) // [-92.2647…, 14.9030…]
 */
export function snapToGrid([lng, lat]: LngLat, precisionKm: number): LngLat {
  const rowDegrees = precisionKm / KM_PER_DEGREE_LAT;
  const row = Math.floor(lat / rowDegrees);
  const rowCentre = (row + 0.5) * rowDegrees;
  const columnDegrees = precisionKm / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos(rowCentre * RADIANS)));
  const columnCentre = (Math.floor(lng / columnDegrees) + 0.5) * columnDegrees;
  return [Number(columnCentre.toFixed(5)), Number(rowCentre.toFixed(5))];
}
