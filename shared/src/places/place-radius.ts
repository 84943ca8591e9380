/** People per km² of a Mexican town's built-up area, roughly: what turns a population into a size. */
export const TOWN_DENSITY_PER_KM2 = 4_000;
/** A village of 1,000 still spreads about this far along its road. */
export const MIN_PLACE_RADIUS_KM = 1;
/** A metropolis is not one point: beyond this, "in" would claim too much. */
export const MAX_PLACE_RADIUS_KM = 20;

/**
 * The radius of the circle a place of this population covers at town density, unbounded: how
 * large a place is, for the public rule "no place smaller than the grid".
 * @example townRadiusKm(24_447) // 1.39 (Arriaga)
 */
export function townRadiusKm(population: number): number {
  return Math.sqrt(population / (Math.PI * TOWN_DENSITY_PER_KM2));
}

/**
 * The radius within which a position is "in" a place rather than "near" it: the town's radius,
 * at least a village's and at most a metropolis' core. An estimate (GeoNames gives points, not
 * outlines).
 * @example placeRadiusKm(3_289) // 1 (Niltepec)
 */
export function placeRadiusKm(population: number): number {
  return Math.min(MAX_PLACE_RADIUS_KM, Math.max(MIN_PLACE_RADIUS_KM, townRadiusKm(population)));
}
