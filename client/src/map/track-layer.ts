import type { Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { addCasedLine } from './cased-line';

const SOURCE = 'track';

function trackLine(reports: readonly Report[]): GeoJSON.Feature<GeoJSON.LineString> {
  return {
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: reports.filter(isOnTrack).map((report) => [report.lng, report.lat]) },
  };
}

/** The caravan's track: one line through its reports on the track (`reports` in track order). Returns its vertex count. */
export function addTrackLayer(map: MapLibreMap): (reports: readonly Report[]) => number {
  map.addSource(SOURCE, { type: 'geojson', data: trackLine([]) });
  addCasedLine(map, 'track', SOURCE, { color: '#1565c0', casingColor: '#ffffff', width: 3, casingExtra: 3 });
  return (reports) => {
    const line = trackLine(reports);
    (map.getSource(SOURCE) as GeoJSONSource).setData(line);
    return line.geometry.coordinates.length;
  };
}
