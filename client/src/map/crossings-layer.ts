import { BORDER_CROSSINGS } from '@rumbo/shared/geo';
import type { Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'border-crossings';
/** The crossings' markers; their names are drawn above them. */
export const CROSSINGS_LAYER = 'border-crossings';

const crossings: GeoJSON.FeatureCollection<GeoJSON.Point> = {
  type: 'FeatureCollection',
  features: BORDER_CROSSINGS.map((crossing) => ({
    type: 'Feature',
    properties: { name: crossing.name },
    geometry: { type: 'Point', coordinates: [crossing.lng, crossing.lat] },
  })),
};

/**
 * The main US–Mexico ports of entry, named. The bundled basemap has no glyphs URL, so MapLibre
 * draws the labels with the browser's own fonts; the generic family keeps that working anywhere.
 */
export function addCrossingsLayer(map: MapLibreMap): void {
  map.addSource(SOURCE, { type: 'geojson', data: crossings });
  map.addLayer({
    id: CROSSINGS_LAYER,
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#c62828', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: 'border-crossing-labels',
    type: 'symbol',
    source: SOURCE,
    // Below this the fifteen names only collide along one thin line.
    minzoom: 5,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': ['sans-serif'],
      'text-size': 12,
      'text-anchor': 'top',
      'text-offset': [0, 0.6],
      'text-optional': true,
    },
    paint: { 'text-color': '#7f1d1d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  });
}
