import { lineString, point, pointToLineDistance } from '@turf/turf';
import { BORDER_COORDINATES, distanceToBorderKm, nearestCrossing, reportMetrics } from '@rumbo/shared/geo';
import type { LngLat } from '@rumbo/shared';
import { perCallMicroseconds, seeded } from './measure';

/**
 * The geo engine against Turf's pointToLineDistance (the baseline) on the same seeded points
 * across Mexico and the southern US: speed ratio and the largest difference between them.
 */
export function geoBench(): string[] {
  const random = seeded(20231224);
  const points: LngLat[] = Array.from({ length: 5_000 }, () => [-118 + random() * 32, 14 + random() * 23]);
  // Turf takes milliseconds a call: it gets a slice of the same points.
  const turfPoints = points.slice(0, 300);
  const border = lineString(BORDER_COORDINATES);
  const turfKm = (at: LngLat) => pointToLineDistance(point(at), border, { units: 'kilometers' });

  const oursUs = perCallMicroseconds(points, distanceToBorderKm);
  const turfUs = perCallMicroseconds(turfPoints, turfKm, 1);
  const crossingUs = perCallMicroseconds(points, nearestCrossing);
  const metricsUs = perCallMicroseconds(points, reportMetrics);

  let largestKm = 0;
  let largestPct = 0;
  for (const at of turfPoints) {
    const ours = distanceToBorderKm(at).distanceKm;
    const theirs = turfKm(at);
    largestKm = Math.max(largestKm, Math.abs(ours - theirs));
    largestPct = Math.max(largestPct, (Math.abs(ours - theirs) / ours) * 100);
  }
  return [
    'geo: distance to the US–Mexico border (966-vertex line)',
    `  distanceToBorderKm (cap tree + Vincenty, WGS84)       ${oursUs.toFixed(2)} µs/call`,
    `  baseline: Turf pointToLineDistance (sphere)           ${turfUs.toFixed(0)} µs/call`,
    `  ratio: ${(turfUs / oursUs).toFixed(0)}× faster than the baseline`,
    `  largest difference from Turf on ${turfPoints.length} points: ${largestKm.toFixed(3)} km (${largestPct.toFixed(2)}%: Turf measures on a sphere)`,
    `  nearestCrossing ${crossingUs.toFixed(2)} µs/call; reportMetrics (both, as ingest runs them) ${metricsUs.toFixed(2)} µs/call`,
  ];
}
