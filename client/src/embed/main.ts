import type { PublicSnapshot } from '@rumbo/shared';
import { prewarm } from 'maplibre-gl';
import { detectLang, localeFor, translator } from '../i18n/i18n';
import { apiGet } from '../lib/api';
import { createEmbedMap } from './embed-map';
import { mountEmbedMapView } from './embed-map-view';
import { createEmbedPanel } from './embed-panel';
import { EMBED_STRINGS } from './embed-strings';
import { reportHeightToHost } from './host-height';
import { startPublicFeed } from './public-feed';

/** "Updated N min ago" is worded to the minute; twice a minute keeps it from lagging a whole one. */
const AGE_REFRESH_MS = 30_000;

/** The caravan named by the page's address, `/embed/<caravanId>`. */
const caravanIdFromPath = (pathname: string) => decodeURIComponent(pathname.split('/').filter(Boolean)[1] ?? '');

/**
 * The public embed: text first, from the public feed alone, so the words arrive even if the map
 * cannot (no WebGL); the map joins when ready. Once the map has drawn what the feed said (a
 * track, an empty caravan, or none), `#map` gets `data-map-state="idle"` and, the first time,
 * `data-first-render-ms` (since navigation start).
 */
async function main(): Promise<void> {
  // MapLibre's worker boots while the basemap downloads and converts, not after.
  prewarm();
  const lang = detectLang();
  const t = translator(EMBED_STRINGS, lang);
  document.documentElement.lang = lang;
  const root = document.querySelector<HTMLElement>('.embed')!;
  const mapElement = document.getElementById('map')!;
  const caravanId = caravanIdFromPath(location.pathname);
  const panel = createEmbedPanel(root, t, localeFor(lang));
  panel.loading();
  reportHeightToHost(root, caravanId);
  setInterval(panel.renderAge, AGE_REFRESH_MS);

  let known = false;
  let current: PublicSnapshot | null = null;
  let draw: ((snapshot: PublicSnapshot | null) => void) | null = null;
  const settle = (snapshot: PublicSnapshot | null) => {
    known = true;
    current = snapshot;
    draw?.(snapshot);
  };
  startPublicFeed(caravanId, {
    snapshot(snapshot) {
      panel.snapshot(snapshot);
      mapElement.setAttribute('aria-label', t('map.label', { name: snapshot.caravan.name }));
      settle(snapshot);
    },
    notPublic() {
      panel.notPublic();
      settle(null);
    },
    gone() {
      panel.notPublic('no-longer-public');
      settle(null);
    },
    transport: (transport) => (root.dataset.transport = transport),
  });

  const { basemapStyleUrl } = await apiGet<{ basemapStyleUrl: string | null }>('/api/v1/client-config', null);
  // Natural Earth and GeoNames are credited only for the bundled basemap; a remote style credits its own data.
  document.querySelector('[data-field="attribution"]')!.textContent = t(
    basemapStyleUrl ? 'attribution.remote' : 'map.attribution',
  );
  const map = await createEmbedMap(mapElement, basemapStyleUrl, t, lang).catch((error: unknown) => {
    // Without WebGL the words still tell the story; an empty box would not.
    mapElement.hidden = true;
    throw error;
  });
  map.on('render', () => (mapElement.dataset.mapState = 'rendering'));
  map.on('idle', () => {
    if (!known) return;
    mapElement.dataset.mapState = 'idle';
    mapElement.dataset.firstRenderMs ??= String(Math.round(performance.now()));
  });
  draw = mountEmbedMapView(map, mapElement, t);
  draw(current);
  map.triggerRepaint();
}

main().catch((error: unknown) => {
  document.body.dataset.error = String(error);
  console.error(error);
});
