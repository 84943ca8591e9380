import { effect } from '@preact/signals-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Insets } from './overlay-padding';
import type { NewsroomState } from './state';

/** Whether a position shows in the part of the map the overlays leave uncovered. */
function inView(map: MapLibreMap, lngLat: [number, number], padding: Insets): boolean {
  const { x, y } = map.project(lngLat);
  const canvas = map.getContainer();
  return (
    x >= padding.left && x <= canvas.clientWidth - padding.right && y >= padding.top && y <= canvas.clientHeight - padding.bottom
  );
}

/**
 * Follow-latest: while on, the map recentres on the latest position whenever it leaves the
 * visible part of the map (and at once when switched on). Dragging the map switches it off,
 * since whoever drags wants to look elsewhere.
 */
export function mountFollowLatest(map: MapLibreMap, state: NewsroomState, padding: () => Insets): void {
  map.on('dragstart', () => (state.followLatest.value = false));
  let wasFollowing = false;
  effect(() => {
    const following = state.followLatest.value;
    const latest = state.viewSummary.value?.latest ?? null;
    const justSwitchedOn = following && !wasFollowing;
    wasFollowing = following;
    if (!following || !latest) return;
    const center: [number, number] = [latest.lng, latest.lat];
    if (justSwitchedOn || !inView(map, center, padding())) map.easeTo({ center, duration: 400 });
  });
}
