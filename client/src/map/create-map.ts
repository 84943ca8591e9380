import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Lang } from '../i18n/i18n';
import { borderFeature, borderLayers, offlineBasemapStyle } from './basemap';
import { provideTownDot } from './place-labels';
import { recordView } from './record-view';

// MapLibre 6 runs its worker from a separate module; without this the map never loads.
setWorkerUrl(workerUrl);

/** A view of Mexico from Tapachula to the US border. */
const MEXICO_BOUNDS: [[number, number], [number, number]] = [
  [-118, 13.5],
  [-86, 33.5],
];

/**
 * The one map instance of a page, on the bundled offline basemap (names in the page's language)
 * or, when the server names one (BASEMAP_STYLE_URL), a remote style with the US–Mexico border
 * added on top: a remote style brings its own places and names.
 */
export async function createMap(container: HTMLElement, basemapStyleUrl: string | null, lang: Lang): Promise<MapLibreMap> {
  const map = new MapLibreMap({
    container,
    style: basemapStyleUrl ?? (await offlineBasemapStyle(lang)),
    bounds: MEXICO_BOUNDS,
    attributionControl: { compact: true },
  });
  if (!basemapStyleUrl) provideTownDot(map);
  recordView(map, container);
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  await map.once('load');
  if (basemapStyleUrl) {
    map.addSource('us-mx-border', { type: 'geojson', data: borderFeature as GeoJSON.Feature });
    for (const layer of borderLayers()) map.addLayer(layer);
  }
  return map;
}
