import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { borderFeature, borderLayers, offlineBasemapStyle } from './basemap';

// MapLibre 6 runs its worker from a separate module; without this the map never loads.
setWorkerUrl(workerUrl);

/** A view of Mexico from Tapachula to the US border. */
const MEXICO_BOUNDS: [[number, number], [number, number]] = [
  [-118, 13.5],
  [-86, 33.5],
];

/**
 * The one map instance of a page, on the bundled offline basemap or, when the server names
 * one (BASEMAP_STYLE_URL), a remote style with the US–Mexico border added on top.
 */
export async function createMap(container: HTMLElement, basemapStyleUrl: string | null): Promise<MapLibreMap> {
  const map = new MapLibreMap({
    container,
    style: basemapStyleUrl ?? (await offlineBasemapStyle()),
    bounds: MEXICO_BOUNDS,
    attributionControl: { compact: true },
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  await map.once('load');
  if (basemapStyleUrl) {
    map.addSource('us-mx-border', { type: 'geojson', data: borderFeature as GeoJSON.Feature });
    for (const layer of borderLayers()) map.addLayer(layer);
  }
  return map;
}
