export { gazetteer, type Gazetteer } from './gazetteer';
export { matchPlace, MAX_PLACE_REACH_KM, placeAt, type PlaceMatch, type PlaceQuery } from './place-at';
export { MAX_PLACE_RADIUS_KM, MIN_PLACE_RADIUS_KM, placeRadiusKm, TOWN_DENSITY_PER_KM2, townRadiusKm } from './place-radius';
export { localTimeZone, type LocalTimeZone, type ZoneQuery } from './local-time-zone';
export { publicPlaceAt } from './public-place';
