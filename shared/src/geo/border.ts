import borderFeature from '../../data/us-mx-border.geo.json';
import type { LngLat } from '../schemas/common';
import { PolylineIndex } from './polyline-index';

/**
 * The US–Mexico land border, west (Pacific) to east (Gulf of Mexico), the United States on its
 * left. Natural Earth 1:10m (public domain) via world-atlas; see shared/scripts/build-border.ts.
 */
export const BORDER_COORDINATES = borderFeature.geometry.coordinates as LngLat[];

let index: PolylineIndex | undefined;

/** The border's segment index, built on first use (a few hundred microseconds). */
export function borderIndex(): PolylineIndex {
  index ??= new PolylineIndex(BORDER_COORDINATES);
  return index;
}
