import type { Caravan, Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';

/** The caravan's reports in track order, a page at a time (reportPages). */
type ReportPages = AsyncIterable<readonly Report[]>;

const position = (report: Report) => JSON.stringify([report.lng, report.lat]);

function reportFeature({ lng, lat, ...properties }: Report): string {
  return JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { kind: 'report', ...properties },
  });
}

/**
 * The track feature, written as the pages come: a LineString of the visible, unflagged fixes in
 * track order, opened once the second such fix is read. Fewer than two fixes make no line, and
 * RFC 7946 has no line of one or no position (3.1.4), so then there is no track feature at all.
 * @returns whether it wrote the feature.
 */
async function* trackFeature(caravan: Caravan, pages: ReportPages): AsyncGenerator<string, boolean> {
  let first: Report | undefined;
  let points = 0;
  for await (const page of pages) {
    const positions: string[] = [];
    for (const report of page.filter(isOnTrack)) {
      points += 1;
      if (points === 1) first = report;
      else if (points === 2)
        positions.push(
          `{"type":"Feature","geometry":{"type":"LineString","coordinates":[${position(first!)},${position(report)}`,
        );
      else positions.push(`,${position(report)}`);
    }
    if (positions.length > 0) yield positions.join('');
  }
  if (points < 2) return false;
  yield `]},"properties":${JSON.stringify({ kind: 'track', caravanId: caravan.id, name: caravan.name, points })}}`;
  return true;
}

/**
 * The caravan as a GeoJSON FeatureCollection (RFC 7946), written a page at a time: the track as
 * a LineString (when it has two fixes or more), then every report as a Point with all its fields,
 * hidden and flagged ones included and marked. Which caravan, and when, is said in foreign
 * members (`caravan`, `exportedAt`, RFC 7946 6.1): a FeatureCollection has no `properties`.
 * Reads the reports twice: `linePages` for the line, then `pointPages` for the points.
 */
export async function* trackGeoJson(
  caravan: Caravan,
  linePages: ReportPages,
  pointPages: ReportPages,
  exportedAt = new Date(),
): AsyncGenerator<string> {
  const about = { caravan: { id: caravan.id, name: caravan.name }, exportedAt: exportedAt.toISOString() };
  yield `{"type":"FeatureCollection",${JSON.stringify(about).slice(1, -1)},"features":[`;
  let written = yield* trackFeature(caravan, linePages);
  for await (const page of pointPages) {
    if (page.length === 0) continue;
    yield `${written ? ',' : ''}${page.map(reportFeature).join(',')}`;
    written = true;
  }
  yield ']}\n';
}
