import type { LngLat } from '../schemas/common';
import { RADIANS } from './sphere';

/** A unit vector on the sphere: great-circle work without trigonometry in inner loops. */
export type Vec3 = [number, number, number];

/**
 * @example toUnitVector([0, 90]) // ≈ [0, 0, 1]
 */
export function toUnitVector([lng, lat]: LngLat): Vec3 {
  const cosLat = Math.cos(lat * RADIANS);
  return [cosLat * Math.cos(lng * RADIANS), cosLat * Math.sin(lng * RADIANS), Math.sin(lat * RADIANS)];
}

/**
 * @example fromUnitVector([0, 1, 0]) // [90, 0]
 */
export function fromUnitVector([x, y, z]: Vec3): LngLat {
  return [Math.atan2(y, x) / RADIANS, Math.atan2(z, Math.hypot(x, y)) / RADIANS];
}
