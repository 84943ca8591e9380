import { effect } from '@preact/signals-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { inNextFrame } from '../lib/frame-jobs';
import { addAccuracyRingLayer } from '../map/accuracy-ring-layer';
import { addCrossingsLayer } from '../map/crossings-layer';
import { fitToTrack } from '../map/fit-to-track';
import { addLatestLayer } from '../map/latest-layer';
import { addReportPointsLayer } from '../map/report-points-layer';
import { addRouteLayer } from '../map/route-layer';
import { ToolbarControl } from '../map/toolbar-control';
import { addTrackLayer } from '../map/track-layer';
import { mountFollowLatest } from './follow-latest';
import { overlayPadding } from './overlay-padding';
import { mountReportSelection } from './report-selection';
import type { NewsroomState } from './state';

/** The map tools: fit to the track, follow the latest position, show hidden and flagged reports. */
function addToolbar(map: MapLibreMap, state: NewsroomState, fit: () => void): void {
  const { t } = state;
  const toolbar = new ToolbarControl([
    { action: 'fit-track', text: t('map.fit-track'), title: t('map.fit-track.title'), onClick: fit },
    {
      action: 'follow-latest',
      text: t('map.follow'),
      title: t('map.follow.title'),
      toggle: true,
      onClick: () => (state.followLatest.value = !state.followLatest.value),
    },
    {
      action: 'show-hidden',
      text: t('map.show-hidden'),
      title: t('map.show-hidden.title'),
      toggle: true,
      onClick: () => (state.showHiddenAndFlagged.value = !state.showHiddenAndFlagged.value),
    },
  ]);
  map.addControl(toolbar, 'top-right');
  effect(() => toolbar.setPressed('follow-latest', state.followLatest.value));
  effect(() => toolbar.setPressed('show-hidden', state.showHiddenAndFlagged.value));
}

/**
 * Everything the dashboard draws on the map, from the state. Layers are added bottom to top;
 * data changes are merged into one redraw per animation frame. What is drawn is also counted on
 * the map element (`data-track-points`, `data-report-points`, `data-latest-id`,
 * `data-accuracy-ring`, and `data-camera` while it moves) for tests and for anyone inspecting the page.
 */
export function mountMapView(map: MapLibreMap, state: NewsroomState, mapElement: HTMLElement): void {
  addCrossingsLayer(map);
  const showRoute = addRouteLayer(map);
  const showAccuracyRing = addAccuracyRingLayer(map);
  const showTrack = addTrackLayer(map);
  const points = addReportPointsLayer(map);
  const showLatest = addLatestLayer(map);
  const padding = () => overlayPadding(mapElement);
  addToolbar(map, state, () => fitToTrack(map, state.viewReports.value, padding(), 600));
  mountReportSelection(map, state, points.select);
  mountFollowLatest(map, state, padding);

  let routeDraws = 0;
  effect(() => {
    if (showRoute(state.summary.value?.caravan.route ?? null)) mapElement.dataset.routeDraws = String(++routeDraws);
  });
  map.on('movestart', () => (mapElement.dataset.camera = 'moving'));
  map.on('moveend', () => (mapElement.dataset.camera = 'still'));

  /** The caravan whose track has been framed: each caravan is framed once, when its reports arrive. */
  let framedCaravanId: string | null = null;
  const redraw = {};
  effect(() => {
    const reports = state.viewReports.value;
    const latest = state.viewSummary.value?.latest ?? null;
    const includeHiddenAndFlagged = state.showHiddenAndFlagged.value;
    const caravanId = state.caravanId.value;
    // Bursts of pushes and replay ticks are merged into one redraw per animation frame; a burst
    // taken in at the start of a frame is drawn in that same frame.
    inNextFrame(redraw, () => {
      mapElement.dataset.trackPoints = String(showTrack(reports));
      mapElement.dataset.reportPoints = String(points.show(reports, includeHiddenAndFlagged));
      showLatest(latest);
      mapElement.dataset.latestId = latest?.id ?? '';
      mapElement.dataset.accuracyRing = showAccuracyRing(latest) ? 'shown' : 'none';
      if (caravanId !== framedCaravanId && fitToTrack(map, reports, padding())) framedCaravanId = caravanId;
    });
  });
}
