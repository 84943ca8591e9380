import type { Report } from '@rumbo/shared';
import { LngLatBounds, type Map as MapLibreMap, type PaddingOptions } from 'maplibre-gl';

/** Frames every given report, clear of the page's overlays; false when there is nothing to frame. */
export function fitToTrack(map: MapLibreMap, reports: readonly Report[], padding: PaddingOptions, duration = 0): boolean {
  if (reports.length === 0) return false;
  const bounds = new LngLatBounds();
  for (const report of reports) bounds.extend([report.lng, report.lat]);
  map.fitBounds(bounds, { padding, maxZoom: 11, duration });
  return true;
}
