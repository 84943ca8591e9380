import type { PublicPoint } from '@rumbo/shared';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { cssColor } from './embed-colors';

const SOURCE = 'public-latest';
/** The area's layer: what the embed draws above the basemap's names. */
export const UNCERTAINTY_LAYER = 'public-latest-area';
/** Web Mercator: metres per pixel at zoom 0 on the equator, for MapLibre's 512-pixel tiles. */
const METRES_PER_PIXEL_Z0 = 40_075_016.686 / 512;
/** At country scale the true circle is under a pixel; it is drawn no smaller than this. */
const MIN_RADIUS_PX = 12;

/**
 * The circle's radius in pixels at every zoom: `radiusKm` on the ground, so zooming in never
 * turns it into a precise-looking dot, and never below MIN_RADIUS_PX, which can only overstate
 * the uncertainty. Ground size doubles with each zoom level, hence exponential base 2.
 */
export function uncertaintyRadius(radiusKm: number, lat: number): ExpressionSpecification {
  const radiusPxAtZ0 = (radiusKm * 1000) / (METRES_PER_PIXEL_Z0 * Math.cos((lat * Math.PI) / 180));
  const zoomAtMinimum = Math.log2(MIN_RADIUS_PX / radiusPxAtZ0);
  return ['interpolate', ['exponential', 2], ['zoom'], zoomAtMinimum, MIN_RADIUS_PX, 24, radiusPxAtZ0 * 2 ** 24];
}

const area = (latest: PublicPoint | null): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: latest
    ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [latest.lng, latest.lat] } }]
    : [],
});

/**
 * The latest public position as an area, not a point: a point would claim a precision the public
 * data does not have. The position is the centre of a grid cell `precisionKm` wide, so the fix
 * lay within 0.71 × precisionKm of it (half the diagonal); a radius of precisionKm covers the
 * whole cell with room for the phone's own GPS error.
 */
export function addUncertaintyLayer(map: MapLibreMap): (latest: PublicPoint | null, precisionKm: number) => void {
  map.addSource(SOURCE, { type: 'geojson', data: area(null) });
  map.addLayer({
    id: UNCERTAINTY_LAYER,
    type: 'circle',
    source: SOURCE,
    paint: {
      'circle-radius': MIN_RADIUS_PX,
      'circle-color': cssColor('--uncertainty'),
      'circle-opacity': 0.3,
      'circle-stroke-color': cssColor('--uncertainty'),
      'circle-stroke-width': 1.5,
    },
  });
  return (latest, precisionKm) => {
    if (latest) map.setPaintProperty(UNCERTAINTY_LAYER, 'circle-radius', uncertaintyRadius(precisionKm, latest.lat));
    (map.getSource(SOURCE) as GeoJSONSource).setData(area(latest));
  };
}
