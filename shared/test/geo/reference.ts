import geodesicLib from 'geographiclib-geodesic';
import type { LngLat } from '../../src/schemas/common';

const { Geodesic } = geodesicLib;
const WGS84 = Geodesic.WGS84;

/** Ellipsoidal distance along a segment's geodesic at fraction t of its length. */
function distanceAt(point: LngLat, a: LngLat, b: LngLat, t: number): number {
  const line = WGS84.InverseLine(a[1], a[0], b[1], b[0]);
  const at = line.Position(t * line.s13!);
  return WGS84.Inverse(point[1], point[0], at.lat2!, at.lon2!).s12!;
}

/** Minimum over one segment by golden-section search (distance along a short geodesic is unimodal). */
function segmentMinimumM(point: LngLat, a: LngLat, b: LngLat): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 40; i++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (distanceAt(point, a, b, left) < distanceAt(point, a, b, right)) high = right;
    else low = left;
  }
  return Math.min(distanceAt(point, a, b, (low + high) / 2), distanceAt(point, a, b, 0), distanceAt(point, a, b, 1));
}

/**
 * Brute-force reference: the ellipsoidal distance from a point to every segment of the line,
 * no index and no sphere. A segment is searched unless both its ends are farther than the
 * best end found plus the segment's own length (then no point of it can be nearer).
 */
export function bruteForceDistanceKm(point: LngLat, line: readonly LngLat[]): number {
  const ends = line.map((vertex) => WGS84.Inverse(point[1], point[0], vertex[1], vertex[0]).s12!);
  const bestEnd = Math.min(...ends);
  let best = bestEnd;
  for (let i = 0; i < line.length - 1; i++) {
    const lengthM = WGS84.Inverse(line[i]![1], line[i]![0], line[i + 1]![1], line[i + 1]![0]).s12!;
    if (Math.min(ends[i]!, ends[i + 1]!) - lengthM > bestEnd) continue;
    best = Math.min(best, segmentMinimumM(point, line[i]!, line[i + 1]!));
  }
  return best / 1000;
}
