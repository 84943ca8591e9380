import type { Caravan, Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';

/**
 * The caravan as GeoJSON: the track (visible, unflagged fixes in time order) as a LineString,
 * then every report as a Point with all its fields, hidden and flagged ones included and marked.
 */
export function trackGeoJson(caravan: Caravan, reports: readonly Report[]) {
  const track = reports.filter(isOnTrack);
  return {
    type: 'FeatureCollection' as const,
    properties: { caravanId: caravan.id, name: caravan.name, exportedAt: new Date().toISOString() },
    features: [
      {
        type: 'Feature' as const,
        properties: { kind: 'track', caravanId: caravan.id, name: caravan.name, points: track.length },
        geometry: { type: 'LineString' as const, coordinates: track.map((report) => [report.lng, report.lat]) },
      },
      ...reports.map(({ lng, lat, ...properties }) => ({
        type: 'Feature' as const,
        properties: { kind: 'report', ...properties },
        geometry: { type: 'Point' as const, coordinates: [lng, lat] },
      })),
    ],
  };
}
