import type { PublicSnapshot } from '@rumbo/shared';
import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import { addPublicTrackLayer } from './public-track-layer';
import { addUncertaintyLayer } from './uncertainty-layer';

const PADDING_PX = 32;
/** Closer than this a 2 km cell fills the frame and the map stops saying where in Mexico it is. */
const MAX_FIT_ZOOM = 9;

/** Frames the track and the latest area; a single point is centred at MAX_FIT_ZOOM. */
function fitToSnapshot(map: MapLibreMap, snapshot: PublicSnapshot): void {
  const bounds = new LngLatBounds();
  for (const position of snapshot.track) bounds.extend(position);
  if (snapshot.latest) bounds.extend([snapshot.latest.lng, snapshot.latest.lat]);
  if (bounds.isEmpty()) return;
  map.fitBounds(bounds, { padding: PADDING_PX, maxZoom: MAX_FIT_ZOOM, duration: 0 });
}

/**
 * What the embed draws: the public track and the latest position's area. Each snapshot is
 * framed until the reader moves the map; after that their view is theirs. What is drawn is
 * counted on the map element (`data-track-points`, `data-latest-at`) for tests and inspection.
 */
export function mountEmbedMapView(map: MapLibreMap, mapElement: HTMLElement): (snapshot: PublicSnapshot | null) => void {
  const showTrack = addPublicTrackLayer(map);
  const showLatest = addUncertaintyLayer(map);
  let readerMoved = false;
  // Only gestures carry an originalEvent; our own fitBounds does not.
  map.on('movestart', (event) => (readerMoved ||= Boolean(event.originalEvent)));
  return (snapshot) => {
    mapElement.dataset.trackPoints = String(showTrack(snapshot?.track ?? []));
    showLatest(snapshot?.latest ?? null, snapshot?.precisionKm ?? 0);
    mapElement.dataset.latestAt = snapshot?.latest?.recordedAt ?? '';
    if (snapshot && !readerMoved) fitToSnapshot(map, snapshot);
  };
}
