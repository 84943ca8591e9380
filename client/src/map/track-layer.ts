import type { Report } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'track';

const onTrack = (report: Report) => !report.hidden && report.flags.length === 0;

function trackLine(reports: readonly Report[]): GeoJSON.Feature<GeoJSON.LineString> {
  return {
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: reports.filter(onTrack).map((report) => [report.lng, report.lat]) },
  };
}

/** The caravan's track: one line through its visible, unflagged reports in fix-time order. Returns its vertex count. */
export function addTrackLayer(map: MapLibreMap): (reports: readonly Report[]) => number {
  map.addSource(SOURCE, { type: 'geojson', data: trackLine([]) });
  map.addLayer({
    id: 'track-casing',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 6 },
  });
  map.addLayer({
    id: 'track',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#1565c0', 'line-width': 3 },
  });
  return (reports) => {
    const line = trackLine(reports);
    (map.getSource(SOURCE) as GeoJSONSource).setData(line);
    return line.geometry.coordinates.length;
  };
}
