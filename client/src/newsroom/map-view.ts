import { effect } from '@preact/signals-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { addLatestLayer } from '../map/latest-layer';
import { addTrackLayer } from '../map/track-layer';
import type { NewsroomState } from './state';

/** Everything the dashboard draws on the map, from the state; one redraw per animation frame. */
export function mountMapView(map: MapLibreMap, state: NewsroomState, mapElement: HTMLElement): void {
  const showTrack = addTrackLayer(map);
  const showLatest = addLatestLayer(map);
  let frame = 0;
  effect(() => {
    const reports = state.viewReports.value;
    const latest = state.viewSummary.value?.latest ?? null;
    // Bursts of pushes are merged into one redraw per animation frame.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      showTrack(reports);
      showLatest(latest);
      mapElement.dataset.trackPoints = String(reports.length);
    });
  });
}
