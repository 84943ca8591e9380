import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Lang, Translate } from '../i18n/i18n';
import { createMap } from '../map/create-map';
import { cssColor } from './embed-colors';

/** The offline basemap's layers and paint properties the theme may recolour (see embed.css). */
const THEMED_BASEMAP = [
  ['ocean', 'background-color', '--map-ocean'],
  ['land', 'fill-color', '--map-land'],
  ['country-borders', 'line-color', '--map-country-borders'],
  ['state-lines', 'line-color', '--map-state-lines'],
  ['us-mx-border-halo', 'line-color', '--map-border-halo'],
  ['town-labels', 'text-color', '--map-town-label'],
  ['town-labels', 'text-halo-color', '--map-label-halo'],
  ['city-labels', 'text-color', '--map-town-label'],
  ['city-labels', 'text-halo-color', '--map-label-halo'],
  ['state-labels', 'text-color', '--map-region-label'],
  ['state-labels', 'text-halo-color', '--map-label-halo'],
  ['country-labels', 'text-color', '--map-region-label'],
  ['country-labels', 'text-halo-color', '--map-label-halo'],
] as const;

/** Recolours the bundled basemap for the page's theme; a remote style keeps its own colours. */
function themeOfflineBasemap(map: MapLibreMap): void {
  for (const [layer, property, variable] of THEMED_BASEMAP) {
    const color = cssColor(variable);
    if (color && map.getLayer(layer)) map.setPaintProperty(layer, property, color);
  }
}

/**
 * The embed's map: the shared one (createMap), made quiet for a page inside an article. Scrolling
 * the article over it scrolls the article (zoom takes Ctrl/⌘ + scroll, panning on a phone two
 * fingers), and it does not rotate: a tilted map of a route only confuses.
 */
export async function createEmbedMap(
  container: HTMLElement,
  basemapStyleUrl: string | null,
  t: Translate,
  lang: Lang,
): Promise<MapLibreMap> {
  const map = await createMap(container, basemapStyleUrl, lang);
  // createMap takes no map options, so the gesture hints are translated here, before the
  // handler builds its overlay from the map's string table.
  Object.assign(map._locale, {
    'CooperativeGesturesHandler.WindowsHelpText': t('gestures.windows'),
    'CooperativeGesturesHandler.MacHelpText': t('gestures.mac'),
    'CooperativeGesturesHandler.MobileHelpText': t('gestures.mobile'),
  });
  map.cooperativeGestures.enable();
  map.dragRotate.disable();
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  if (!basemapStyleUrl) themeOfflineBasemap(map);
  return map;
}
