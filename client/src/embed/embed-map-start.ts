import type { PublicSnapshot } from '@rumbo/shared';
import { prewarm } from 'maplibre-gl';
import type { Lang, Translate } from '../i18n/i18n';
import { createEmbedMap } from './embed-map';
import { mountEmbedMapView } from './embed-map-view';

// MapLibre's worker boots while the basemap downloads and converts, not after.
prewarm();

/**
 * The embed's map, loaded with import() once the words are on the page: everything that needs
 * MapLibre starts here. Once the map has drawn what the feed said (a track, an empty caravan, or
 * none), `#map` gets `data-map-state="idle"` and, the first time, `data-first-render-ms` (since
 * navigation start). Returns what draws each later snapshot.
 */
export async function startEmbedMap(options: {
  mapElement: HTMLElement;
  basemapStyleUrl: string | null;
  t: Translate;
  lang: Lang;
  /** What the feed has said so far: `undefined` while it has said nothing. */
  current(): PublicSnapshot | null | undefined;
}): Promise<(snapshot: PublicSnapshot | null) => void> {
  const { mapElement, t } = options;
  const map = await createEmbedMap(mapElement, options.basemapStyleUrl, t, options.lang);
  map.on('render', () => (mapElement.dataset.mapState = 'rendering'));
  map.on('idle', () => {
    if (options.current() === undefined) return;
    mapElement.dataset.mapState = 'idle';
    mapElement.dataset.firstRenderMs ??= String(Math.round(performance.now()));
  });
  const draw = mountEmbedMapView(map, mapElement, t);
  draw(options.current() ?? null);
  map.triggerRepaint();
  return draw;
}
