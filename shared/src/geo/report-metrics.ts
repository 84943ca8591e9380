import type { LngLat } from '../schemas/common';
import type { ReportMetrics } from '../schemas/report';
import { nearestCrossing } from './crossings';
import { distanceToBorderKm } from './distance-to-border';
import { roundDecimal } from './round';

/**
 * What ingest stores with each report: distance to the border (metres precision), the border's
 * nearest point, the side, and the nearest port of entry.
 * @example reportMetrics([-92.2633, 14.9056]).distanceToBorderKm // 1322.498
 */
export function reportMetrics(point: LngLat): ReportMetrics {
  const border = distanceToBorderKm(point);
  const crossing = nearestCrossing(point);
  return {
    distanceToBorderKm: roundDecimal(border.distanceKm, 3),
    side: border.side,
    nearestBorderPoint: [roundDecimal(border.nearestPoint[0], 6), roundDecimal(border.nearestPoint[1], 6)],
    nearestCrossing: { name: crossing.name, distanceKm: roundDecimal(crossing.distanceKm, 3) },
  };
}
