import type { LngLat } from '@rumbo/shared';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { addCasedLine } from '../map/cased-line';
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
  addCasedLine(map, 'public-track', SOURCE, {
    color: cssColor('--track'),
    casingColor: cssColor('--track-casing'),
    width: 2.5,
    casingExtra: 2.5,
  });
  return (track) => {
    (map.getSource(SOURCE) as GeoJSONSource).setData(line(track));
    return track.length;
  };
}
