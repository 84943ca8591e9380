import { randomBytes } from 'node:crypto';
import type { Alert, Caravan, Report } from '@rumbo/shared';
import { describePlace } from '@rumbo/shared';
import { placeOf } from './milestones';

/** Alert ids sort by when they were made (base-36 time first), then random. */
export const newAlertId = (nowMs: number) => `al-${nowMs.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;

/** The dashboard path that opens the caravan at a fix (or just the caravan). */
export function dashboardLink(caravanId: string, reportId?: string): string {
  const query = new URLSearchParams({ caravan: caravanId, ...(reportId ? { report: reportId } : {}) });
  return `/?${query.toString()}`;
}

/** "fix 2024-01-03 13:00 UTC": the time a person reads in a chat line. */
const fixTime = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** What an alert says of the fix it stands on: where it is and when it was taken. */
export function fixFields(report: Report): Pick<Alert, 'reportId' | 'fixAt' | 'where' | 'place'> {
  const place = placeOf(report);
  return { reportId: report.id, fixAt: report.recordedAt, where: [report.lng, report.lat], ...(place ? { place } : {}) };
}

/** One line for people: the caravan, what happened, where and when. */
export function alertText(caravan: Caravan, summary: string, report?: Report): string {
  if (!report) return `${caravan.name} ${summary}`;
  const place = placeOf(report);
  return `${caravan.name} ${summary}${place ? `, ${describePlace(place, 'en')}` : ''} (fix ${fixTime(report.recordedAt)})`;
}
