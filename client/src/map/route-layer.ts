import type { RouteLine } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'planned-route';

function routeData(route: RouteLine | null): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: route ? [{ type: 'Feature', properties: {}, geometry: route }] : [] };
}

/** The caravan's planned route, dashed so it never reads as where the caravan has been. */
export function addRouteLayer(map: MapLibreMap): (route: RouteLine | null) => void {
  map.addSource(SOURCE, { type: 'geojson', data: routeData(null) });
  map.addLayer({
    id: 'planned-route',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#6a1b9a', 'line-width': 2.5, 'line-opacity': 0.8, 'line-dasharray': [2, 2] },
  });
  return (route) => (map.getSource(SOURCE) as GeoJSONSource).setData(routeData(route));
}
