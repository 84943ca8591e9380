import type { LngLat } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { cssColor } from './embed-colors';

const SOURCE = 'public-track';

const line = (track: readonly LngLat[]): GeoJSON.Feature<GeoJSON.LineString> => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'LineString', coordinates: track.map(([lng, lat]) => [lng, lat]) },
});

/** The public track: the server's simplified line of grid cells, oldest first. Returns its vertex count. */
export function addPublicTrackLayer(map: MapLibreMap): (track: readonly LngLat[]) => number {
  map.addSource(SOURCE, { type: 'geojson', data: line([]) });
  map.addLayer({
    id: 'public-track-casing',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': cssColor('--track-casing'), 'line-width': 5 },
  });
  map.addLayer({
    id: 'public-track',
    type: 'line',
    source: SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': cssColor('--track'), 'line-width': 2.5 },
  });
  return (track) => {
    (map.getSource(SOURCE) as GeoJSONSource).setData(line(track));
    return track.length;
  };
}
