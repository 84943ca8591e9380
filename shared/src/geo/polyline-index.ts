import type { LngLat } from '../schemas/common';
import { EARTH_MEAN_RADIUS_KM } from './sphere';
import { fromUnitVector, toUnitVector, type Vec3 } from './vector';

/** Segments per leaf of the tree: small enough to scan, large enough to keep the tree shallow. */
const LEAF_SEGMENTS = 8;
const NO_CHILD = -1;
/** More than any line's segment count: a candidate's sort key is segment × SLOT_SPAN + slot. */
const SLOT_SPAN = 2 ** 26;

export interface NearestOnLine {
  /** Great-circle distance on the mean sphere, a screen for the exact ellipsoidal step. */
  sphericalKm: number;
  point: LngLat;
  segment: number;
  /** true when the point lies to the left of the line's direction. */
  left: boolean;
}

/**
 * A polyline prepared for nearest-point queries on the sphere: unit vectors, segment normals,
 * and a bounding-cap tree (a ball tree) over runs of consecutive segments.
 *
 * Why a ball tree and not a planar R-tree such as flatbush: a cap gives an exact lower bound
 * on the great-circle distance to everything inside it (angle to the centre minus the radius),
 * so a point 1,300 km away prunes as well as one 1 km away. Planar boxes in degrees only bound
 * the distance loosely far from the line, and the search then scanned hundreds of segments.
 *
 * Everything lives in flat typed arrays and the query allocates almost nothing: it runs on
 * every report ingested.
 */
export class PolylineIndex {
  readonly coordinates: readonly LngLat[];
  private readonly segmentCount: number;
  /** x, y, z of each vertex's unit vector. */
  private readonly vertices: Float64Array;
  /** x, y, z of each segment's unit normal (vertex i × vertex i+1, normalized). */
  private readonly normals: Float64Array;
  /** Per tree node: cap centre x, y, z, cos radius, sin radius. */
  private readonly caps: Float64Array;
  /** Per tree node: first segment, last segment, left child, right child (NO_CHILD for a leaf). */
  private readonly links: Int32Array;
  private nodeCount = 0;
  // Scratch space for one query, reused: candidate segment, its cosine, foot and vertex.
  private readonly stack: Int32Array;
  private readonly candidateSegment: Int32Array;
  private readonly candidateCos: Float64Array;
  private readonly candidateFoot: Float64Array;
  private readonly candidateVertex: Int32Array;
  /** Scratch for stretchMinima: the kept slots' sort keys. */
  private readonly keptKeys: Float64Array;

  constructor(coordinates: readonly LngLat[]) {
    if (coordinates.length < 2) throw new Error('a polyline needs at least two vertices');
    if (coordinates.length > SLOT_SPAN) throw new Error(`a polyline of at most ${SLOT_SPAN} vertices`);
    this.coordinates = coordinates;
    this.segmentCount = coordinates.length - 1;
    this.vertices = new Float64Array(coordinates.length * 3);
    coordinates.forEach((coordinate, i) => this.vertices.set(toUnitVector(coordinate), i * 3));
    this.normals = new Float64Array(this.segmentCount * 3);
    for (let i = 0; i < this.segmentCount; i++) this.normals.set(this.segmentNormal(i), i * 3);
    const maxNodes = 2 * Math.ceil(this.segmentCount / LEAF_SEGMENTS) * 2 + 1;
    this.caps = new Float64Array(maxNodes * 5);
    this.links = new Int32Array(maxNodes * 4);
    this.buildNode(0, this.segmentCount - 1);
    this.stack = new Int32Array(this.nodeCount);
    this.candidateSegment = new Int32Array(this.segmentCount);
    this.candidateCos = new Float64Array(this.segmentCount);
    this.candidateFoot = new Float64Array(this.segmentCount * 3);
    this.candidateVertex = new Int32Array(this.segmentCount);
    this.keptKeys = new Float64Array(this.segmentCount);
  }

  private vertex(i: number): Vec3 {
    return [this.vertices[i * 3]!, this.vertices[i * 3 + 1]!, this.vertices[i * 3 + 2]!];
  }

  private segmentNormal(i: number): Vec3 {
    const [ax, ay, az] = this.vertex(i);
    const [bx, by, bz] = this.vertex(i + 1);
    const x = ay * bz - az * by;
    const y = az * bx - ax * bz;
    const z = ax * by - ay * bx;
    const length = Math.hypot(x, y, z);
    return [x / length, y / length, z / length];
  }

  /** A node over segments first..last: a cap holding their vertices (a short arc lies inside it). */
  private buildNode(first: number, last: number): number {
    const node = this.nodeCount++;
    let sx = 0;
    let sy = 0;
    let sz = 0;
    for (let i = first; i <= last + 1; i++) {
      sx += this.vertices[i * 3]!;
      sy += this.vertices[i * 3 + 1]!;
      sz += this.vertices[i * 3 + 2]!;
    }
    const length = Math.hypot(sx, sy, sz);
    const [cx, cy, cz] = [sx / length, sy / length, sz / length];
    let minCos = 1;
    for (let i = first; i <= last + 1; i++) {
      minCos = Math.min(minCos, cx * this.vertices[i * 3]! + cy * this.vertices[i * 3 + 1]! + cz * this.vertices[i * 3 + 2]!);
    }
    const radius = Math.acos(Math.max(-1, Math.min(1, minCos)));
    this.caps.set([cx, cy, cz, Math.cos(radius), Math.sin(radius)], node * 5);
    this.links.set([first, last, NO_CHILD, NO_CHILD], node * 4);
    if (last - first + 1 > LEAF_SEGMENTS) {
      const middle = (first + last) >>> 1;
      this.links[node * 4 + 2] = this.buildNode(first, middle);
      this.links[node * 4 + 3] = this.buildNode(middle + 1, last);
    }
    return node;
  }

  /**
   * The nearest point of each stretch of the line that comes within `tolerance` (a fraction)
   * of the nearest distance, nearest first. The exact ellipsoidal step chooses among them,
   * since sphere and ellipsoid can rank two separate, nearly equidistant stretches differently.
   */
  nearest(point: LngLat, tolerance = 0): NearestOnLine[] {
    const [px, py, pz] = toUnitVector(point);
    const { caps, links, stack } = this;
    let candidates = 0;
    let bestCos = -2;
    // Everything within `limit` = best angle × (1 + tolerance) is kept, as its cosine and sine.
    let limitCos = -1;
    let limitSin = 0;
    let depth = 0;
    stack[depth++] = 0;
    while (depth > 0) {
      const node = stack[--depth]!;
      const c = node * 5;
      const toCentre = px * caps[c]! + py * caps[c + 1]! + pz * caps[c + 2]!;
      // Prune when angle(p, centre) − radius > limit, i.e. cos(angle) < cos(limit + radius).
      if (limitCos > -1 && toCentre < limitCos * caps[c + 3]! - limitSin * caps[c + 4]!) continue;
      const left = links[node * 4 + 2]!;
      if (left !== NO_CHILD) {
        const right = links[node * 4 + 3]!;
        const toLeft = px * caps[left * 5]! + py * caps[left * 5 + 1]! + pz * caps[left * 5 + 2]!;
        const toRight = px * caps[right * 5]! + py * caps[right * 5 + 1]! + pz * caps[right * 5 + 2]!;
        // Visit the nearer child first (pushed last) so the bound tightens early.
        stack[depth++] = toLeft > toRight ? right : left;
        stack[depth++] = toLeft > toRight ? left : right;
        continue;
      }
      for (let segment = links[node * 4]!; segment <= links[node * 4 + 1]!; segment++) {
        const cos = this.footOnSegment(px, py, pz, segment, candidates);
        if (cos < limitCos) continue;
        candidates++;
        if (cos > bestCos) {
          bestCos = cos;
          const limit = Math.acos(Math.min(1, bestCos)) * (1 + tolerance);
          limitCos = limit >= Math.PI ? -1 : Math.cos(limit);
          limitSin = Math.sin(limit);
        }
      }
    }
    return this.stretchMinima(candidates, limitCos).map((slot) => this.describe(slot, [px, py, pz]));
  }

  /**
   * Writes the nearest point of one great-circle segment into candidate `slot` and returns the
   * cosine of its angle from p: the projection if it falls inside the segment, else an end.
   */
  private footOnSegment(px: number, py: number, pz: number, segment: number, slot: number): number {
    const { vertices: v, normals: n } = this;
    const a = segment * 3;
    const b = a + 3;
    const nx = n[a]!;
    const ny = n[a + 1]!;
    const nz = n[a + 2]!;
    const offPlane = px * nx + py * ny + pz * nz;
    const x = px - offPlane * nx;
    const y = py - offPlane * ny;
    const z = pz - offPlane * nz;
    // The projection q lies between a and b when (a × q) · n ≥ 0 and (q × b) · n ≥ 0.
    const fromA = (v[a + 1]! * z - v[a + 2]! * y) * nx + (v[a + 2]! * x - v[a]! * z) * ny + (v[a]! * y - v[a + 1]! * x) * nz;
    const toB = (y * v[b + 2]! - z * v[b + 1]!) * nx + (z * v[b]! - x * v[b + 2]!) * ny + (x * v[b + 1]! - y * v[b]!) * nz;
    const length = Math.sqrt(x * x + y * y + z * z);
    this.candidateSegment[slot] = segment;
    if (fromA >= 0 && toB >= 0 && length > 0) {
      // p · (q / |q|) = |q|, since p − q is normal to q.
      this.candidateFoot[slot * 3] = x / length;
      this.candidateFoot[slot * 3 + 1] = y / length;
      this.candidateFoot[slot * 3 + 2] = z / length;
      this.candidateVertex[slot] = -1;
      return (this.candidateCos[slot] = length);
    }
    const cosA = px * v[a]! + py * v[a + 1]! + pz * v[a + 2]!;
    const cosB = px * v[b]! + py * v[b + 1]! + pz * v[b + 2]!;
    const end = cosA >= cosB ? a : b;
    // Copied by hand: a subarray view per call cost more than the whole projection.
    this.candidateFoot[slot * 3] = v[end]!;
    this.candidateFoot[slot * 3 + 1] = v[end + 1]!;
    this.candidateFoot[slot * 3 + 2] = v[end + 2]!;
    this.candidateVertex[slot] = end / 3;
    return (this.candidateCos[slot] = Math.max(cosA, cosB));
  }

  /** Within each run of consecutive candidate segments, the nearest: one slot per local minimum. */
  private stretchMinima(candidates: number, limitCos: number): number[] {
    const { candidateSegment: segmentOf, candidateCos: cosOf, keptKeys } = this;
    // Kept slots in segment order, sorted as numbers (segment × SLOT_SPAN + slot): no closure, no objects.
    let count = 0;
    for (let slot = 0; slot < candidates; slot++) {
      if (cosOf[slot]! >= limitCos) keptKeys[count++] = segmentOf[slot]! * SLOT_SPAN + slot;
    }
    const kept = keptKeys.subarray(0, count).sort();
    const minima: number[] = [];
    let previousSegment = -2;
    for (const key of kept) {
      const slot = key % SLOT_SPAN;
      const segment = segmentOf[slot]!;
      if (segment !== previousSegment + 1) minima.push(slot);
      else if (cosOf[slot]! > cosOf[minima[minima.length - 1]!]!) minima[minima.length - 1] = slot;
      previousSegment = segment;
    }
    return minima.length > 1 ? minima.sort((a, b) => cosOf[b]! - cosOf[a]!) : minima;
  }

  private describe(slot: number, p: Vec3): NearestOnLine {
    const foot: Vec3 = [this.candidateFoot[slot * 3]!, this.candidateFoot[slot * 3 + 1]!, this.candidateFoot[slot * 3 + 2]!];
    const segment = this.candidateSegment[slot]!;
    return {
      sphericalKm: Math.acos(Math.min(1, this.candidateCos[slot]!)) * EARTH_MEAN_RADIUS_KM,
      point: fromUnitVector(foot),
      segment,
      left: this.isLeft(p, segment, this.candidateVertex[slot]!),
    };
  }

  /**
   * Which side of the line the point is on. At a vertex the two segments can disagree: where
   * the line turns left the left side is the narrow wedge (both must agree), else the wide one.
   */
  private isLeft(p: Vec3, segment: number, onVertex: number): boolean {
    const n = this.normals;
    const leftOf = (s: number) => p[0] * n[s * 3]! + p[1] * n[s * 3 + 1]! + p[2] * n[s * 3 + 2]! > 0;
    if (onVertex <= 0 || onVertex >= this.segmentCount) return leftOf(segment);
    const before = onVertex - 1;
    const after = onVertex;
    const [x, y, z] = this.vertex(after + 1);
    const turnsLeft = x * n[before * 3]! + y * n[before * 3 + 1]! + z * n[before * 3 + 2]! > 0;
    return turnsLeft ? leftOf(before) && leftOf(after) : leftOf(before) || leftOf(after);
  }
}
