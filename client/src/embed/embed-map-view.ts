import type { PublicSnapshot } from '@rumbo/shared';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Translate } from '../i18n/i18n';
import { fitJourney, type Journey } from '../map/journey-view';
import { LegendControl } from '../map/legend-control';
import { placeLabelsBelow } from '../map/place-labels';
import { addPublicTrackLayer } from './public-track-layer';
import { addUncertaintyLayer, UNCERTAINTY_LAYER } from './uncertainty-layer';

const PADDING_PX = 32;
/** Clear of the scale and the credits along the map's bottom edge. */
const BOTTOM_PADDING_PX = 56;
/**
 * Lower than this, the padding shrinks with the map: in a short frame the full padding would leave
 * no room for the journey, and MapLibre would not fit it at all.
 */
const FULL_PADDING_MIN_HEIGHT_PX = 240;
/** Closer than this a 2 km cell fills the frame and the map stops saying where in Mexico it is. */
const MAX_FIT_ZOOM = 9;
/** Narrower or lower than this, the legend starts folded: open, it would cover much of the map. */
const OPEN_LEGEND_MIN_WIDTH_PX = 560;
const OPEN_LEGEND_MIN_HEIGHT_PX = 320;

/** The key to the embed's marks, in the page's language, in the map's bottom-left corner. */
function addLegend(map: MapLibreMap, mapElement: HTMLElement, t: Translate): LegendControl {
  const legend = new LegendControl(
    t('legend.title'),
    [
      { symbol: 'track', text: t('legend.track') },
      { symbol: 'area', text: t('legend.area') },
      { symbol: 'border', text: t('legend.border') },
    ],
    { open: mapElement.clientWidth >= OPEN_LEGEND_MIN_WIDTH_PX && mapElement.clientHeight >= OPEN_LEGEND_MIN_HEIGHT_PX },
  );
  map.addControl(legend, 'bottom-left');
  return legend;
}

/**
 * Frames the whole journey as the public sees it: the first public position (the public snapshot
 * has no origin), the latest area, and the point of the US–Mexico border nearest to it.
 */
function fitToSnapshot(map: MapLibreMap, snapshot: PublicSnapshot, legend: LegendControl): void {
  const { track, latest } = snapshot;
  const journey: Journey = { origin: track[0] ?? null, latest: latest ? [latest.lng, latest.lat] : null, destination: null };
  const scale = Math.min(1, map.getContainer().clientHeight / FULL_PADDING_MIN_HEIGHT_PX);
  const padding = {
    top: PADDING_PX * scale,
    right: PADDING_PX,
    bottom: BOTTOM_PADDING_PX * scale,
    left: Math.max(PADDING_PX, legend.reach()),
  };
  fitJourney(map, journey, padding, MAX_FIT_ZOOM);
}

/**
 * What the embed draws: the public track and the latest position's area, under the basemap's
 * names, with a legend. Each snapshot is framed on the whole journey until the reader moves the
 * map; after that their view is theirs. What is drawn is counted on the map element
 * (`data-track-points`, `data-latest-at`) for tests and inspection.
 */
export function mountEmbedMapView(
  map: MapLibreMap,
  mapElement: HTMLElement,
  t: Translate,
): (snapshot: PublicSnapshot | null) => void {
  const showTrack = addPublicTrackLayer(map);
  const showLatest = addUncertaintyLayer(map);
  placeLabelsBelow(map, UNCERTAINTY_LAYER);
  const legend = addLegend(map, mapElement, t);
  let readerMoved = false;
  // Only gestures carry an originalEvent; our own fitBounds does not.
  map.on('movestart', (event) => (readerMoved ||= Boolean(event.originalEvent)));
  return (snapshot) => {
    mapElement.dataset.trackPoints = String(showTrack(snapshot?.track ?? []));
    showLatest(snapshot?.latest ?? null, snapshot?.precisionKm ?? 0);
    mapElement.dataset.latestAt = snapshot?.latest?.recordedAt ?? '';
    if (snapshot && !readerMoved) fitToSnapshot(map, snapshot, legend);
  };
}
