import type { RouteLine } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'planned-route';

function routeData(route: RouteLine | null): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: route ? [{ type: 'Feature', properties: {}, geometry: route }] : [] };
}

/** The same vertices: every summary repeats the caravan's route, up to 20,000 points of it. */
function sameRoute(a: RouteLine | null, b: RouteLine | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.coordinates.length !== b.coordinates.length) return false;
  return a.coordinates.every(([lng, lat], index) => lng === b.coordinates[index]![0] && lat === b.coordinates[index]![1]);
}

/**
 * The caravan's planned route, dashed so it never reads as where the caravan has been. The
 * function returned draws a route, unless it is the one shown already (a long route is costly to
 * hand to the map, and summaries arrive up to ten times a second); it answers whether it drew.
 */
export function addRouteLayer(map: MapLibreMap): (route: RouteLine | null) => boolean {
  let shown: RouteLine | null = null;
  map.addSource(SOURCE, { type: 'geojson', data: routeData(null) });
  map.addLayer({
    id: 'planned-route',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#6a1b9a', 'line-width': 2.5, 'line-opacity': 0.8, 'line-dasharray': [2, 2] },
  });
  return (route) => {
    if (sameRoute(route, shown)) return false;
    shown = route;
    (map.getSource(SOURCE) as GeoJSONSource).setData(routeData(route));
    return true;
  };
}
