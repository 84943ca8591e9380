import type { RouteLine } from '@rumbo/shared';

/** The most points a route may have (the API's limit). */
export const MAX_ROUTE_POINTS = 20_000;

/** A route read from a file, or why not: an i18n key and its values. */
export type RouteFileResult = { route: RouteLine } | { error: string; values?: Record<string, string | number> };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first LineString geometry of a geometry, a Feature or a FeatureCollection. */
function firstLineString(geoJson: unknown): Json | null {
  if (!isObject(geoJson)) return null;
  if (geoJson.type === 'LineString') return geoJson;
  if (geoJson.type === 'Feature') return firstLineString(geoJson.geometry);
  if (geoJson.type === 'FeatureCollection' && Array.isArray(geoJson.features)) {
    for (const feature of geoJson.features) {
      const line = firstLineString(feature);
      if (line) return line;
    }
  }
  return null;
}

const isLngLat = (position: unknown): position is number[] =>
  Array.isArray(position) &&
  position.length >= 2 &&
  typeof position[0] === 'number' &&
  typeof position[1] === 'number' &&
  Math.abs(position[0]) <= 180 &&
  Math.abs(position[1]) <= 90;

/**
 * A planned route from the text of a GeoJSON file: a LineString, or the first LineString of a
 * Feature or FeatureCollection. Altitudes are dropped (the API takes [lng, lat] only).
 * @example routeFromGeoJson('{"type":"LineString","coordinates":[[-92.26,14.9],[-94.1,16.2]]}') // { route: { type: 'LineString', … } }
 */
export function routeFromGeoJson(text: string): RouteFileResult {
  let geoJson: unknown;
  try {
    geoJson = JSON.parse(text);
  } catch {
    return { error: 'route.error-json' };
  }
  const line = firstLineString(geoJson);
  if (!line) return { error: 'route.error-no-line' };
  const coordinates = Array.isArray(line.coordinates) ? (line.coordinates as unknown[]) : [];
  if (coordinates.length < 2) return { error: 'route.error-too-few' };
  if (coordinates.length > MAX_ROUTE_POINTS) return { error: 'route.error-too-many', values: { max: MAX_ROUTE_POINTS } };
  const badIndex = coordinates.findIndex((position) => !isLngLat(position));
  if (badIndex >= 0) return { error: 'route.error-position', values: { n: badIndex + 1 } };
  const positions = coordinates as number[][];
  return { route: { type: 'LineString', coordinates: positions.map(([lng, lat]) => [lng!, lat!]) } };
}
