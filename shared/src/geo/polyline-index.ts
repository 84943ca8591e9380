import type { LngLat } from '../schemas/common';
import { EARTH_MEAN_RADIUS_KM } from './sphere';
import { angleBetween, cross, dot, fromUnitVector, normalize, toUnitVector, type Vec3 } from './vector';

/** Segments per leaf of the tree: small enough to scan, large enough to keep the tree shallow. */
const LEAF_SEGMENTS = 8;

export interface NearestOnLine {
  /** Great-circle distance on the mean sphere, a screen for the exact ellipsoidal step. */
  sphericalKm: number;
  point: LngLat;
  segment: number;
  /** true when the point lies to the left of the line's direction. */
  left: boolean;
}

interface TreeNode {
  first: number;
  last: number;
  center: Vec3;
  /** Cosine and sine of the angular radius of a cap around `center` holding all the node's segments. */
  cosRadius: number;
  sinRadius: number;
  children: [TreeNode, TreeNode] | null;
}

interface Foot {
  /** Cosine of the angle from the query point: larger is nearer, and no trigonometry needed. */
  cosAngle: number;
  foot: Vec3;
  onVertex: number;
}

/**
 * A polyline prepared for nearest-point queries on the sphere: unit vectors, segment normals,
 * and a bounding-cap tree (a ball tree) over runs of consecutive segments.
 *
 * Why a ball tree and not a planar R-tree such as flatbush: a cap gives an exact lower bound
 * on the great-circle distance to everything inside it (angle to the centre minus the radius),
 * so a point 1,300 km away prunes as well as one 1 km away. Planar boxes in degrees only bound
 * the distance loosely far from the line, and the search then scanned hundreds of segments.
 */
export class PolylineIndex {
  readonly coordinates: readonly LngLat[];
  private readonly vertices: Vec3[];
  private readonly normals: Vec3[];
  private readonly root: TreeNode;

  constructor(coordinates: readonly LngLat[]) {
    if (coordinates.length < 2) throw new Error('a polyline needs at least two vertices');
    this.coordinates = coordinates;
    this.vertices = coordinates.map(toUnitVector);
    this.normals = [];
    for (let i = 0; i < coordinates.length - 1; i++)
      this.normals.push(normalize(cross(this.vertices[i]!, this.vertices[i + 1]!)));
    this.root = this.buildNode(0, coordinates.length - 2);
  }

  /** A node over segments first..last: a cap holding their vertices (a short arc lies inside it). */
  private buildNode(first: number, last: number): TreeNode {
    const sum: Vec3 = [0, 0, 0];
    for (let i = first; i <= last + 1; i++) {
      const vertex = this.vertices[i]!;
      sum[0] += vertex[0];
      sum[1] += vertex[1];
      sum[2] += vertex[2];
    }
    const center = normalize(sum);
    let radius = 0;
    for (let i = first; i <= last + 1; i++) radius = Math.max(radius, angleBetween(center, this.vertices[i]!));
    const cap = { first, last, center, cosRadius: Math.cos(radius), sinRadius: Math.sin(radius) };
    if (last - first + 1 <= LEAF_SEGMENTS) return { ...cap, children: null };
    const middle = (first + last) >>> 1;
    return { ...cap, children: [this.buildNode(first, middle), this.buildNode(middle + 1, last)] };
  }

  /**
   * The nearest point of each stretch of the line that comes within `tolerance` (a fraction)
   * of the nearest distance, nearest first. The exact ellipsoidal step chooses among them,
   * since sphere and ellipsoid can rank two separate, nearly equidistant stretches differently.
   */
  nearest(point: LngLat, tolerance = 0): NearestOnLine[] {
    const p = toUnitVector(point);
    const found: { segment: number; foot: Foot }[] = [];
    let bestCos = -2;
    // The search keeps everything within `limit` = best angle × (1 + tolerance), as cosines.
    let limitCos = -1;
    let limitSin = 0;
    const stack: TreeNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      // Prune when angle(p, centre) − radius > limit, i.e. dot(p, centre) < cos(limit + radius).
      if (limitCos > -1 && dot(p, node.center) < limitCos * node.cosRadius - limitSin * node.sinRadius) continue;
      if (node.children) {
        const [a, b] = node.children;
        // Visit the nearer child first (pushed last) so the bound tightens early.
        if (dot(p, a.center) > dot(p, b.center)) stack.push(b, a);
        else stack.push(a, b);
        continue;
      }
      for (let segment = node.first; segment <= node.last; segment++) {
        const foot = this.footOnSegment(p, segment, limitCos);
        if (!foot) continue;
        found.push({ segment, foot });
        if (foot.cosAngle > bestCos) {
          bestCos = foot.cosAngle;
          const limit = Math.acos(Math.min(1, bestCos)) * (1 + tolerance);
          limitCos = limit >= Math.PI ? -1 : Math.cos(limit);
          limitSin = Math.sin(limit);
        }
      }
    }
    return this.stretchMinima(found, limitCos).map(({ segment, foot }) => ({
      sphericalKm: angleBetween(p, foot.foot) * EARTH_MEAN_RADIUS_KM,
      point: fromUnitVector(foot.foot),
      segment,
      left: this.isLeft(p, segment, foot.onVertex),
    }));
  }

  /** Within each run of consecutive candidate segments, the nearest one: one per local minimum. */
  private stretchMinima(found: { segment: number; foot: Foot }[], limitCos: number): { segment: number; foot: Foot }[] {
    if (found.length === 1) return found;
    const candidates = found.filter(({ foot }) => foot.cosAngle >= limitCos).sort((a, b) => a.segment - b.segment);
    const minima: { segment: number; foot: Foot }[] = [];
    let previousSegment = -2;
    for (const candidate of candidates) {
      const current = minima.at(-1);
      if (current && candidate.segment === previousSegment + 1) {
        if (candidate.foot.cosAngle > current.foot.cosAngle) minima[minima.length - 1] = candidate;
      } else minima.push(candidate);
      previousSegment = candidate.segment;
    }
    return minima.sort((a, b) => b.foot.cosAngle - a.foot.cosAngle);
  }

  /**
   * Nearest point of one great-circle segment: the projection if it falls inside, else an end.
   * Allocates only for a candidate at least as near as `limitCos`: this is the inner loop.
   */
  private footOnSegment(p: Vec3, segment: number, limitCos: number): Foot | null {
    const a = this.vertices[segment]!;
    const b = this.vertices[segment + 1]!;
    const n = this.normals[segment]!;
    const offPlane = p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
    const x = p[0] - offPlane * n[0];
    const y = p[1] - offPlane * n[1];
    const z = p[2] - offPlane * n[2];
    // The projection lies between a and b when (a × q) · n ≥ 0 and (q × b) · n ≥ 0.
    const fromA = (a[1] * z - a[2] * y) * n[0] + (a[2] * x - a[0] * z) * n[1] + (a[0] * y - a[1] * x) * n[2];
    const toB = (y * b[2] - z * b[1]) * n[0] + (z * b[0] - x * b[2]) * n[1] + (x * b[1] - y * b[0]) * n[2];
    if (fromA >= 0 && toB >= 0) {
      // p · (q / |q|) = |q|, since p − q is normal to q.
      const length = Math.sqrt(x * x + y * y + z * z);
      if (length > 0) {
        if (length < limitCos) return null;
        return { cosAngle: length, foot: [x / length, y / length, z / length], onVertex: -1 };
      }
    }
    const cosA = dot(p, a);
    const cosB = dot(p, b);
    if (Math.max(cosA, cosB) < limitCos) return null;
    return cosA >= cosB ? { cosAngle: cosA, foot: a, onVertex: segment } : { cosAngle: cosB, foot: b, onVertex: segment + 1 };
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
