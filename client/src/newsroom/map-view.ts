import { effect } from '@preact/signals-core';
import type { CaravanSummary, LngLat } from '@rumbo/shared';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { inNextFrame } from '../lib/frame-jobs';
import { addAccuracyRingLayer } from '../map/accuracy-ring-layer';
import { addCrossingsLayer, CROSSINGS_LAYER } from '../map/crossings-layer';
import { fitToTrack } from '../map/fit-to-track';
import { fitJourney, type Journey } from '../map/journey-view';
import { addLatestLayer } from '../map/latest-layer';
import { LegendControl } from '../map/legend-control';
import { placeLabelsBelow } from '../map/place-labels';
import { addReportPointsLayer } from '../map/report-points-layer';
import { addRouteLayer } from '../map/route-layer';
import { ToolbarControl } from '../map/toolbar-control';
import { addTrackLayer } from '../map/track-layer';
import { mountFollowLatest } from './follow-latest';
import { overlayPadding, type Insets } from './overlay-padding';
import { mountReportSelection } from './report-selection';
import type { NewsroomState } from './state';

/** Closer than this a journey that has barely begun loses sight of where in Mexico it is. */
const MAX_JOURNEY_ZOOM = 9;

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

/** The key to the map's marks; the route and the hidden and flagged reports only while they are drawn. */
function addLegend(map: MapLibreMap, state: NewsroomState, mapElement: HTMLElement): LegendControl {
  const { t } = state;
  const legend = new LegendControl(
    t('legend.title'),
    [
      { symbol: 'track', text: t('legend.track') },
      { symbol: 'latest', text: t('legend.latest') },
      { symbol: 'accuracy', text: t('legend.accuracy') },
      { symbol: 'route', text: t('legend.route'), hidden: true },
      { symbol: 'border', text: t('legend.border') },
      { symbol: 'crossing', text: t('legend.crossing') },
      { symbol: 'flagged', text: t('legend.flagged'), hidden: true },
      { symbol: 'hidden', text: t('legend.hidden'), hidden: true },
    ],
    // Folded on a small screen, where the panel already covers most of the map.
    { open: mapElement.clientWidth >= 900 },
  );
  // Under the map tools: the framing's padding on the right keeps clear of the whole column.
  map.addControl(legend, 'top-right');
  effect(() => legend.show('route', Boolean(state.summary.value?.caravan.route)));
  effect(() => {
    const shown = state.showHiddenAndFlagged.value;
    legend.show('flagged', shown);
    legend.show('hidden', shown);
  });
  return legend;
}

/** Where the caravan set out, where it is, and where its planned route ends. */
function journeyOf(summary: CaravanSummary | null): Journey {
  const origin = summary?.caravan.origin;
  const latest = summary?.latest;
  return {
    origin: origin ? [origin.lng, origin.lat] : null,
    latest: latest ? [latest.lng, latest.lat] : null,
    destination: (summary?.caravan.route?.coordinates.at(-1) as LngLat | undefined) ?? null,
  };
}

/**
 * Everything the dashboard draws on the map, from the state. Layers are added bottom to top, the
 * basemap's names then moved above the lines and below the markers; data changes are merged
 * into one redraw per animation frame. Each caravan opens on its whole journey (origin, latest
 * position, the border ahead of it, the route's end); "Fit track" frames the track alone. What is
 * drawn is also counted on the map element (`data-track-points`, `data-report-points`,
 * `data-latest-id`, `data-accuracy-ring`, and `data-camera` while it moves) for tests and for
 * anyone inspecting the page.
 */
export function mountMapView(map: MapLibreMap, state: NewsroomState, mapElement: HTMLElement): void {
  const showRoute = addRouteLayer(map);
  const showAccuracyRing = addAccuracyRingLayer(map);
  const showTrack = addTrackLayer(map);
  addCrossingsLayer(map);
  const points = addReportPointsLayer(map);
  const showLatest = addLatestLayer(map);
  // The basemap's names above the lines, so a town on the track stays legible; the crossings'
  // names above the towns', so each port of entry keeps its name.
  placeLabelsBelow(map, CROSSINGS_LAYER);
  // The tools above the legend in the map's corner; every framing keeps clear of both (padding below).
  addToolbar(map, state, () => fitToTrack(map, state.viewReports.value, padding(), 600));
  const legend = addLegend(map, state, mapElement);
  const padding = (): Insets => {
    const overlays = overlayPadding(mapElement);
    return { ...overlays, right: Math.max(overlays.right, legend.reach()) };
  };
  mountReportSelection(map, state, points.select);
  mountFollowLatest(map, state, padding);

  let routeDraws = 0;
  effect(() => {
    if (showRoute(state.summary.value?.caravan.route ?? null)) mapElement.dataset.routeDraws = String(++routeDraws);
  });
  map.on('movestart', () => (mapElement.dataset.camera = 'moving'));
  map.on('moveend', () => (mapElement.dataset.camera = 'still'));

  /**
   * What has been framed, as caravan id and whether it had a position yet: each caravan is framed
   * when its summary arrives, and once more when its first position does, never after that.
   */
  let framed: string | null = null;
  const redraw = {};
  effect(() => {
    const reports = state.viewReports.value;
    const summary = state.viewSummary.value;
    const latest = summary?.latest ?? null;
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
      const journey = `${caravanId} ${latest ? 'under way' : 'not started'}`;
      if (
        summary?.caravan.id === caravanId &&
        journey !== framed &&
        fitJourney(map, journeyOf(summary), padding(), MAX_JOURNEY_ZOOM)
      ) {
        framed = journey;
      }
    });
  });
}
