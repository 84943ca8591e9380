import type { Caravan, Report } from '@rumbo/shared';
import { fixTimeMs, isOnTrack } from '@rumbo/shared/track';
import { decimalText } from './decimal-text';
import { xmlText } from './xml-text';

/**
 * One `trkpt` in the order GPX 1.1's wptType requires (ele, time, …, desc). Numbers are written as
 * `xs:decimal`; an elevation that is not a finite number is left out rather than written wrong.
 */
function trackPoint(report: Report): string {
  const elevation =
    report.altitudeM !== undefined && Number.isFinite(report.altitudeM) ? `<ele>${decimalText(report.altitudeM)}</ele>` : '';
  const time = `<time>${new Date(fixTimeMs(report)).toISOString()}</time>`;
  const note = report.note ? `<desc>${xmlText(report.note)}</desc>` : '';
  return `      <trkpt lat="${decimalText(report.lat)}" lon="${decimalText(report.lng)}">${elevation}${time}${note}</trkpt>\n`;
}

/**
 * The track (visible, unflagged fixes in track order) as GPX 1.1, for GIS tools and GPS devices,
 * written a page at a time: one `trk` of one `trkseg`, each fix a `trkpt` with its elevation, time
 * and note (as `desc`). Valid against the official schema (server/test/exports).
 */
export async function* trackGpx(
  caravan: Caravan,
  pages: AsyncIterable<readonly Report[]>,
  exportedAt = new Date(),
): AsyncGenerator<string> {
  const name = xmlText(caravan.name);
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<gpx version="1.1" creator="Rumbo" xmlns="http://www.topografix.com/GPX/1/1">\n',
    `  <metadata><name>${name}</name><time>${exportedAt.toISOString()}</time></metadata>\n`,
    `  <trk><name>${name}</name>\n`,
    '    <trkseg>\n',
  ].join('');
  for await (const page of pages) {
    const points = page.filter(isOnTrack).map(trackPoint);
    if (points.length > 0) yield points.join('');
  }
  yield '    </trkseg>\n  </trk>\n</gpx>\n';
}
