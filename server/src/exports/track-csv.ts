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
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: notes are typed by people in the field.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every report, hidden and flagged included, one row each in fix-time order. */
export function trackCsv(reports: readonly Report[]): string {
  const header = COLUMNS.map(([name]) => name).join(',');
  const rows = reports.map((report) => COLUMNS.map(([, read]) => csvCell(read(report))).join(','));
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
