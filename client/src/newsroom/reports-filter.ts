import { isDoubted } from '@rumbo/shared/track';
import type { Flag, Report, Source } from '@rumbo/shared';

export type Visibility = 'visible' | 'hidden' | 'all';
/** One flag, any flag, none, or '' for every report. */
export type FlagFilter = Flag | 'flagged' | 'unflagged' | '';

/** What the reports list shows; '' means "any". */
export interface ReportFilter {
  reporterId: string;
  source: Source | '';
  flag: FlagFilter;
  visibility: Visibility;
}

/** Hidden reports are moderated away: the list leaves them out until asked. */
export const DEFAULT_FILTER: ReportFilter = { reporterId: '', source: '', flag: '', visibility: 'visible' };

function flagMatches(report: Report, flag: FlagFilter): boolean {
  if (flag === '') return true;
  if (flag === 'flagged') return isDoubted(report);
  if (flag === 'unflagged') return !isDoubted(report);
  return report.flags.includes(flag);
}

/** @example matchesFilter(hiddenReport, DEFAULT_FILTER) // false */
export function matchesFilter(report: Report, filter: ReportFilter): boolean {
  if (filter.visibility === 'visible' && report.hidden) return false;
  if (filter.visibility === 'hidden' && !report.hidden) return false;
  if (filter.reporterId && report.reporterId !== filter.reporterId) return false;
  if (filter.source && report.source !== filter.source) return false;
  return flagMatches(report, filter.flag);
}

/**
 * The newest `limit` reports that match, newest first, and how many match in all. Walks the
 * fix-time-ordered track from its end, so the rows drawn never depend on the track's length.
 */
export function newestMatching(
  reports: readonly Report[],
  filter: ReportFilter,
  limit: number,
): { shown: Report[]; total: number } {
  const shown: Report[] = [];
  let total = 0;
  for (let index = reports.length - 1; index >= 0; index--) {
    const report = reports[index]!;
    if (!matchesFilter(report, filter)) continue;
    total++;
    if (shown.length < limit) shown.push(report);
  }
  return { shown, total };
}

/** Every reporter who sent one of these reports, once each. */
export function reporterIdsOf(reports: readonly Report[]): string[] {
  const ids = new Set<string>();
  for (const report of reports) ids.add(report.reporterId);
  return [...ids];
}
