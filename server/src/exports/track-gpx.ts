import type { Caravan, Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);

function trackPoint(report: Report): string {
  const elevation = report.altitudeM === undefined ? '' : `<ele>${report.altitudeM}</ele>`;
  return `      <trkpt lat="${report.lat}" lon="${report.lng}">${elevation}<time>${report.recordedAt}</time></trkpt>`;
}

/** The track (visible, unflagged fixes in time order) as GPX 1.1, for GIS tools and GPS devices. */
export function trackGpx(caravan: Caravan, reports: readonly Report[]): string {
  const name = escapeXml(caravan.name);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Rumbo" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <metadata><name>${name}</name><time>${new Date().toISOString()}</time></metadata>`,
    `  <trk><name>${name}</name>`,
    '    <trkseg>',
    ...reports.filter(isOnTrack).map(trackPoint),
    '    </trkseg>',
    '  </trk>',
    '</gpx>',
    '',
  ].join('\n');
}
