export { BORDER_COORDINATES, BORDER_FEATURE, borderIndex } from './border';
export { BORDER_CROSSINGS, nearestCrossing, type BorderCrossing } from './crossings';
export { distanceToBorderKm, type BorderDistance } from './distance-to-border';
export { geodesicDistanceKm } from './geodesic';
export { PolylineIndex } from './polyline-index';
export { reportMetrics } from './report-metrics';
export { sphericalDistanceKm } from './sphere';
export { caravanMetrics, legKm, SPEED_WINDOW_MS, type TrackPoint } from './track-metrics';
