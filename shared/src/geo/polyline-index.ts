import Flatbush from 'flatbush';
import type { LngLat } from '../schemas/common';
import { EARTH_MEAN_RADIUS_KM, RADIANS } from './sphere';
import { angleBetween, cross, dot, fromUnitVector, normalize, toUnitVector, type Vec3 } from './vector';

/**
 * The index stores segments in "scaled degrees": x = lng · cos(34°), y = lat. North of 34° a
 * degree of longitude is shorter than that scale says, so the lower bound below corrects for it.
 */
const X_SCALE = Math.cos(34 * RADIANS);
const KM_PER_DEGREE_LOWER_BOUND = EARTH_MEAN_RADIUS_KM * RADIANS * 0.995;
const FIRST_CANDIDATES = 4;

export interface NearestOnLine {
  /** Great-circle distance on the mean sphere, a screen for the exact ellipsoidal step. */
  sphericalKm: number;
  point: LngLat;
  segment: number;
  /** true when the point lies to the left of the line's direction. */
  left: boolean;
}

/** A polyline prepared for nearest-point queries: unit vectors, segment normals, an R-tree. */
export class PolylineIndex {
  readonly coordinates: readonly LngLat[];
  private readonly vertices: Vec3[];
  private readonly normals: Vec3[];
  private readonly tree: Flatbush;
  private readonly maxAbsLat: number;

  constructor(coordinates: readonly LngLat[]) {
    if (coordinates.length < 2) throw new Error('a polyline needs at least two vertices');
    this.coordinates = coordinates;
    this.vertices = coordinates.map(toUnitVector);
    this.normals = [];
    this.tree = new Flatbush(coordinates.length - 1);
    let maxAbsLat = 0;
    for (let i = 0; i < coordinates.length - 1; i++) {
      const [lngA, latA] = coordinates[i]!;
      const [lngB, latB] = coordinates[i + 1]!;
      this.normals.push(normalize(cross(this.vertices[i]!, this.vertices[i + 1]!)));
      this.tree.add(Math.min(lngA, lngB) * X_SCALE, Math.min(latA, latB), Math.max(lngA, lngB) * X_SCALE, Math.max(latA, latB));
      maxAbsLat = Math.max(maxAbsLat, Math.abs(latA), Math.abs(latB));
    }
    this.tree.finish();
    this.maxAbsLat = maxAbsLat;
  }

  /**
   * Points of the line whose spherical distance is within `tolerance` (a fraction) of the
   * nearest one, nearest first. The exact ellipsoidal step chooses among them, since the sphere
   * and the ellipsoid can rank two nearly equidistant stretches of line differently.
   */
  nearest(point: LngLat, tolerance = 0): NearestOnLine[] {
    const p = toUnitVector(point);
    const qx = point[0] * X_SCALE;
    const qy = point[1];
    const found = new Map<number, { angle: number; foot: Vec3; onVertex: number }>();
    let bestAngle = Infinity;
    const visit = (segment: number) => {
      if (found.has(segment)) return;
      const candidate = this.footOnSegment(p, segment);
      found.set(segment, candidate);
      bestAngle = Math.min(bestAngle, candidate.angle);
    };
    for (const segment of this.tree.neighbors(qx, qy, FIRST_CANDIDATES)) visit(segment);
    // Any segment closer than the best so far must lie within this many scaled degrees.
    const highestLat = Math.min(89, Math.max(Math.abs(point[1]), this.maxAbsLat) + 1);
    const kmPerUnit = KM_PER_DEGREE_LOWER_BOUND * Math.min(1, Math.cos(highestLat * RADIANS) / X_SCALE);
    const radius = (bestAngle * (1 + tolerance) * EARTH_MEAN_RADIUS_KM) / kmPerUnit;
    for (const segment of this.tree.neighbors(qx, qy, Infinity, radius)) visit(segment);
    const limit = bestAngle * (1 + tolerance);
    const result: NearestOnLine[] = [];
    const feet = new Set<number>();
    for (const [segment, candidate] of found) {
      if (candidate.angle > limit) continue;
      const footKey = candidate.onVertex >= 0 ? -1 - candidate.onVertex : segment;
      if (feet.has(footKey)) continue;
      feet.add(footKey);
      result.push({
        sphericalKm: candidate.angle * EARTH_MEAN_RADIUS_KM,
        point: fromUnitVector(candidate.foot),
        segment,
        left: this.isLeft(p, segment, candidate.onVertex),
      });
    }
    return result.sort((a, b) => a.sphericalKm - b.sphericalKm);
  }

  /** Nearest point of one great-circle segment: the projection if it falls inside, else an end. */
  private footOnSegment(p: Vec3, segment: number): { angle: number; foot: Vec3; onVertex: number } {
    const a = this.vertices[segment]!;
    const b = this.vertices[segment + 1]!;
    const n = this.normals[segment]!;
    const offPlane = dot(p, n);
    const projected: Vec3 = [p[0] - offPlane * n[0], p[1] - offPlane * n[1], p[2] - offPlane * n[2]];
    const insideFromA = dot(cross(a, projected), n) >= 0;
    const insideToB = dot(cross(projected, b), n) >= 0;
    if (insideFromA && insideToB && dot(projected, projected) > 0) {
      const foot = normalize(projected);
      return { angle: angleBetween(p, foot), foot, onVertex: -1 };
    }
    const toA = angleBetween(p, a);
    const toB = angleBetween(p, b);
    return toA <= toB ? { angle: toA, foot: a, onVertex: segment } : { angle: toB, foot: b, onVertex: segment + 1 };
  }

  /**
   * Which side of the line the point is on. At a vertex the two segments can disagree: where
   * the line turns left the left side is the narrow wedge (both must agree), else the wide one.
   */
  private isLeft(p: Vec3, segment: number, onVertex: number): boolean {
    const leftOf = (s: number) => dot(p, this.normals[s]!) > 0;
    const before = onVertex - 1;
    const after = onVertex;
    if (onVertex <= 0 || onVertex >= this.vertices.length - 1) return leftOf(segment);
    const turnsLeft = dot(this.vertices[after + 1]!, this.normals[before]!) > 0;
    return turnsLeft ? leftOf(before) && leftOf(after) : leftOf(before) || leftOf(after);
  }
}
