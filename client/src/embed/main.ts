import type { ClientConfig, PublicSnapshot } from '@rumbo/shared';
import { detectLang, localeFor, translator, type Lang, type Translate } from '../i18n/i18n';
import { apiGet } from '../lib/api';
import { createEmbedPanel } from './embed-panel';
import { EMBED_STRINGS } from './embed-strings';
import { reportHeightToHost } from './host-height';
import { startPublicFeed } from './public-feed';

/** "Position as of 2:30 PM" drops its date at midnight only if someone looks again; once a minute is enough. */
const POSITION_TIME_REFRESH_MS = 60_000;
/**
 * If the feed has said nothing by then (a slow or blocked API), the map starts loading anyway:
 * it waits for the words only so as not to take their bandwidth, not for ever.
 */
const MAP_LOAD_FALLBACK_MS = 3_000;

/** The caravan named by the page's address, `/embed/<caravanId>`. */
const caravanIdFromPath = (pathname: string) => decodeURIComponent(pathname.split('/').filter(Boolean)[1] ?? '');

/**
 * The public embed: text first, from the public feed alone, so the words arrive even if the map
 * cannot (no WebGL) and long before it on a slow phone. MapLibre (~290 KB gzipped) is not part of
 * this module: its download starts with import() once the first answer is on the page, and the
 * map joins when ready (embed-map-start.ts).
 */
function main(): void {
  const lang = detectLang();
  const t = translator(EMBED_STRINGS, lang);
  document.documentElement.lang = lang;
  const root = document.querySelector<HTMLElement>('.embed')!;
  const mapElement = document.getElementById('map')!;
  mapElement.setAttribute('aria-label', t('map.label.loading'));
  // The map's text alternative: the snapshot's sentence, which a screen reader reads as the map's description.
  const mapSummary = document.getElementById('map-summary')!;
  const caravanId = caravanIdFromPath(location.pathname);
  // Asked once, beside the snapshot: whether to go live, and (for the map, later) which basemap.
  const config = apiGet<ClientConfig>('/api/v1/client-config', null);
  const panel = createEmbedPanel(root, t, localeFor(lang));
  panel.loading();
  reportHeightToHost(root, mapElement, caravanId);
  setInterval(panel.renderPositionTime, POSITION_TIME_REFRESH_MS);

  // undefined: the feed has not answered yet; null: nothing public to draw.
  let current: PublicSnapshot | null | undefined;
  let draw: ((snapshot: PublicSnapshot | null) => void) | null = null;
  let mapRequested = false;
  const requestMap = () => {
    if (mapRequested) return;
    mapRequested = true;
    loadMap(mapElement, t, lang, config, () => current).then(
      (drawMap) => (draw = drawMap),
      (error: unknown) => {
        document.body.dataset.error = String(error);
        console.error(error);
      },
    );
  };
  setTimeout(requestMap, MAP_LOAD_FALLBACK_MS);
  const settle = (snapshot: PublicSnapshot | null) => {
    current = snapshot;
    draw?.(snapshot);
    requestMap();
  };
  startPublicFeed(
    caravanId,
    {
      snapshot(snapshot) {
        panel.snapshot(snapshot);
        mapElement.setAttribute('aria-label', t('map.label', { name: snapshot.caravan.name }));
        mapSummary.textContent = snapshot.summary[lang];
        settle(snapshot);
      },
      notPublic() {
        mapSummary.textContent = '';
        panel.notPublic();
        settle(null);
      },
      gone() {
        mapSummary.textContent = '';
        panel.notPublic('no-longer-public');
        settle(null);
      },
      transport: (transport) => (root.dataset.transport = transport),
    },
    // Without the settings (an old server, a failed request) the page polls: that always works.
    config.then(
      ({ publicLive }) => publicLive === true,
      () => false,
    ),
  );
}

/** The credits under the map and the map itself, fetched after the words. */
async function loadMap(
  mapElement: HTMLElement,
  t: Translate,
  lang: Lang,
  config: Promise<ClientConfig>,
  current: () => PublicSnapshot | null | undefined,
): Promise<(snapshot: PublicSnapshot | null) => void> {
  const [{ startEmbedMap }, { basemapStyleUrl }] = await Promise.all([import('./embed-map-start'), config]);
  // Natural Earth and GeoNames are credited only for the bundled basemap; a remote style credits its own data.
  document.querySelector<HTMLElement>('.embed')!.dataset.basemap = basemapStyleUrl ? 'remote' : 'bundled';
  document.querySelector('[data-field="attribution"]')!.textContent = t(
    basemapStyleUrl ? 'attribution.remote' : 'map.attribution',
  );
  return startEmbedMap({ mapElement, basemapStyleUrl, t, lang, current }).catch((error: unknown) => {
    // Without WebGL the words still tell the story; an empty box would not.
    mapElement.hidden = true;
    throw error;
  });
}

main();
