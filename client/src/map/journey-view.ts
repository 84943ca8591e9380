import type { LngLat } from '@rumbo/shared';
// The border alone, not the whole geo barrel: the embed's script would carry GeographicLib with it.
import { borderIndex } from '@rumbo/shared/geo/border';
import { LngLatBounds, type Map as MapLibreMap, type PaddingOptions } from 'maplibre-gl';

/** The places that say where a caravan is in its journey; any may be unknown. */
export interface Journey {
  /** Where it set out from. */
  origin: LngLat | null;
  /** Where it is now. */
  latest: LngLat | null;
  /** Where it is headed (the planned route's end), when there is a plan. */
  destination: LngLat | null;
}

/**
 * The point of the US–Mexico border nearest to `point`, on the sphere: to frame a map, a few
 * hundred metres off the ellipsoid's answer make no difference, and the index is already bundled.
 * @example nearestBorderPoint([-93.9, 16.24]) // ≈ [-97.15, 25.96], where the Rio Grande meets the Gulf
 */
export function nearestBorderPoint(point: LngLat): LngLat {
  return borderIndex().nearest(point)[0]!.point;
}

/**
 * The whole journey in one frame: origin, latest position, the border point nearest to it (how
 * far there is still to go) and the destination. Null when there is nothing to frame yet.
 */
export function journeyBounds(journey: Journey): LngLatBounds | null {
  const { origin, latest, destination } = journey;
  const points = [origin, latest, latest && nearestBorderPoint(latest), destination].filter((point) => point !== null);
  if (points.length === 0) return null;
  const bounds = new LngLatBounds();
  for (const point of points) bounds.extend(point);
  return bounds;
}

/** Frames the journey, clear of the page's overlays; false when there is nothing to frame. */
export function fitJourney(
  map: MapLibreMap,
  journey: Journey,
  padding: PaddingOptions | number,
  maxZoom: number,
  duration = 0,
): boolean {
  const bounds = journeyBounds(journey);
  if (!bounds) return false;
  map.fitBounds(bounds, { padding, maxZoom, duration });
  return true;
}
