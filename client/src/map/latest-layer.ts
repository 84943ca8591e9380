import type { Report } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'latest';
/** The marker's layer; its feature carries the report id as `id`. */
export const LATEST_LAYER = 'latest';

function latestPoint(report: Report | null): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: report
      ? [{ type: 'Feature', properties: { id: report.id }, geometry: { type: 'Point', coordinates: [report.lng, report.lat] } }]
      : [],
  };
}

/** The caravan's latest position: a marked point drawn above the track. */
export function addLatestLayer(map: MapLibreMap): (latest: Report | null) => void {
  map.addSource(SOURCE, { type: 'geojson', data: latestPoint(null) });
  map.addLayer({
    id: 'latest-halo',
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 14, 'circle-color': '#1565c0', 'circle-opacity': 0.2 },
  });
  map.addLayer({
    id: LATEST_LAYER,
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 7, 'circle-color': '#1565c0', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
  return (latest) => (map.getSource(SOURCE) as GeoJSONSource).setData(latestPoint(latest));
}
