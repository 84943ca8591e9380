import { describe, expect, it } from 'vitest';
import { BORDER_COORDINATES } from '../../src/geo';
import { PolylineIndex } from '../../src/geo/polyline-index';
import { sphericalDistanceKm } from '../../src/geo/sphere';
import { fromUnitVector, toUnitVector } from '../../src/geo/vector';
import type { LngLat } from '../../src/schemas/common';
import { seeded } from '../seeded';

/** Nearest distance to a segment by sampling its great circle: no index, no projection. */
function sampledSegmentKm(point: LngLat, a: LngLat, b: LngLat, samples: number): number {
  const [ax, ay, az] = toUnitVector(a);
  const [bx, by, bz] = toUnitVector(b);
  let best = Infinity;
  for (let i = 0; i <= samples; i++) {
    const t = i / samples;
    const [x, y, z] = [ax + (bx - ax) * t, ay + (by - ay) * t, az + (bz - az) * t];
    const length = Math.hypot(x, y, z);
    best = Math.min(best, sphericalDistanceKm(point, fromUnitVector([x / length, y / length, z / length])));
  }
  return best;
}

describe('PolylineIndex.nearest', () => {
  const index = new PolylineIndex(BORDER_COORDINATES);

  it('finds the nearest stretch of the border a scan of every segment finds, from 300 seeded points', () => {
    const random = seeded(20261206);
    for (let i = 0; i < 300; i++) {
      const point: LngLat = [-118 + random() * 32, 14 + random() * 23];
      const [first, ...others] = index.nearest(point, 0.0103);
      let scanned = Infinity;
      let scannedSegment = -1;
      for (let s = 0; s < BORDER_COORDINATES.length - 1; s++) {
        const km = sampledSegmentKm(point, BORDER_COORDINATES[s]!, BORDER_COORDINATES[s + 1]!, 40);
        if (km < scanned) [scanned, scannedSegment] = [km, s];
      }
      // The sampled scan can only overestimate, by far less than 50 m on segments this short.
      expect(first!.sphericalKm, `${point.join(',')}`).toBeLessThanOrEqual(scanned + 1e-9);
      expect(scanned - first!.sphericalKm, `${point.join(',')}`).toBeLessThan(0.05);
      expect(Math.abs(first!.segment - scannedSegment), `${point.join(',')}`).toBeLessThanOrEqual(1);
      // Nearest first, and one candidate per separate stretch (no two consecutive segments).
      for (const candidate of others) expect(candidate.sphericalKm).toBeGreaterThanOrEqual(first!.sphericalKm);
      const segments = [first!, ...others].map((candidate) => candidate.segment).sort((a, b) => a - b);
      for (let k = 1; k < segments.length; k++) expect(segments[k]! - segments[k - 1]!).toBeGreaterThan(1);
    }
  }, 60_000);

  it('keeps every separate stretch within the tolerance: both ends of a line bent back on itself', () => {
    // A hairpin: out along one parallel and back along another, the point midway between them
    // (great circles bow north, so the far one is a few per cent farther: a 10% tolerance keeps it).
    const hairpin: LngLat[] = [
      [-100, 20],
      [-99, 20],
      [-98, 20],
      [-98, 20.2],
      [-99, 20.2],
      [-100, 20.2],
    ];
    const candidates = new PolylineIndex(hairpin).nearest([-98.5, 20.1], 0.1);
    expect(candidates.map((candidate) => candidate.segment).sort()).toEqual([1, 3]);
    expect(candidates[1]!.sphericalKm / candidates[0]!.sphericalKm).toBeLessThan(1.1);
  });
});
