import mapLand from '@rumbo/shared/data/map-land.geo.json';
import type { MultiLineString, MultiPolygon } from 'geojson';

/**
 * The land the static map draws: Natural Earth 1:50m countries (public domain, the embed's
 * basemap too), clipped to the region a journey can be drawn in and simplified at about a
 * kilometre, by shared/scripts/build-map-land.ts.
 */
export interface Basemap {
  /** Every country's land in the region, as one shape: the map fills it in one colour. */
  land: MultiPolygon;
  /** Lines between countries (the US–Mexico one is drawn again, on top, from the geo engine's own border). */
  countryBorders: MultiLineString;
}

const layer = (name: string) => mapLand.features.find((feature) => feature.properties.layer === name)!.geometry;

export const BASEMAP: Basemap = {
  land: layer('land') as MultiPolygon,
  countryBorders: layer('country-borders') as MultiLineString,
};
