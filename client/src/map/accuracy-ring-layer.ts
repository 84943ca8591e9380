import type { Report } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { geodesicCircle } from './geodesic-circle';

const SOURCE = 'accuracy-ring';

function accuracyRing(report: Report | null): GeoJSON.FeatureCollection {
  // Unknown accuracy draws nothing: a made-up ring would claim a precision nobody measured.
  if (!report || report.accuracyM === undefined) return { type: 'FeatureCollection', features: [] };
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: geodesicCircle([report.lng, report.lat], report.accuracyM) }],
  };
}

/** How far off the latest fix may be: a translucent disc of radius `accuracyM` around it. Returns whether one is drawn. */
export function addAccuracyRingLayer(map: MapLibreMap): (latest: Report | null) => boolean {
  map.addSource(SOURCE, { type: 'geojson', data: accuracyRing(null) });
  map.addLayer({
    id: 'accuracy-ring-fill',
    type: 'fill',
    source: SOURCE,
    paint: { 'fill-color': '#1565c0', 'fill-opacity': 0.12 },
  });
  map.addLayer({
    id: 'accuracy-ring',
    type: 'line',
    source: SOURCE,
    paint: { 'line-color': '#1565c0', 'line-width': 1, 'line-opacity': 0.6 },
  });
  return (latest) => {
    const data = accuracyRing(latest);
    (map.getSource(SOURCE) as GeoJSONSource).setData(data);
    return data.features.length > 0;
  };
}
