import type { Report } from '@rumbo/shared';

const COLUMNS: Array<[string, (report: Report) => unknown]> = [
  ['id', (report) => report.id],
  ['recordedAt', (report) => report.recordedAt],
  ['receivedAt', (report) => report.receivedAt],
  ['lng', (report) => report.lng],
  ['lat', (report) => report.lat],
  ['accuracyM', (report) => report.accuracyM],
  ['altitudeM', (report) => report.altitudeM],
  ['speedKmh', (report) => report.speedKmh],
  ['headingDeg', (report) => report.headingDeg],
  ['headcount', (report) => report.headcount],
  ['source', (report) => report.source],
  ['reporterId', (report) => report.reporterId],
  ['hidden', (report) => report.hidden],
  ['flags', (report) => report.flags.join(';')],
  ['distanceToBorderKm', (report) => report.metrics.distanceToBorderKm],
  ['side', (report) => report.metrics.side],
  ['nearestCrossing', (report) => report.metrics.nearestCrossing.name],
  ['nearestCrossingKm', (report) => report.metrics.nearestCrossing.distanceKm],
  ['note', (report) => report.note],
];

/**
 * The byte order mark: Excel on Windows reads a CSV without it in the ANSI code page, and shows
 * "niños" as "niÃ±os". LibreOffice, pandas and R's readr take it as UTF-8 either way.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @, tab or
 * carriage return first) is prefixed with an apostrophe: notes are typed by people in the field.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvRow = (report: Report) => `${COLUMNS.map(([, read]) => csvCell(read(report))).join(',')}\r\n`;

/**
 * Every report, hidden and flagged included, one row each in track order, after a header row,
 * written a page at a time. UTF-8 with a byte order mark; rows end in CRLF.
 */
export async function* trackCsv(pages: AsyncIterable<readonly Report[]>): AsyncGenerator<string> {
  yield `${UTF8_BOM}${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  for await (const page of pages) if (page.length > 0) yield page.map(csvRow).join('');
}
