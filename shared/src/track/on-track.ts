import { NOTICE_FLAGS, type Flag } from '../constants';
import type { Report } from '../schemas/report';

/**
 * Whether a report carries a flag that doubts where it was: every flag but the NOTICE_FLAGS, which
 * only inform. What the dashboard calls "flagged".
 * @example isDoubted({ flags: ['clock_behind'] }) // false
 * @example isDoubted({ flags: ['low_accuracy'] }) // true
 */
export const isDoubted = (report: Pick<Report, 'flags'>): boolean => report.flags.some(isDoubting);

/** Whether a flag doubts where a report was: every flag but the NOTICE_FLAGS. */
export const isDoubting = (flag: Flag): boolean => !NOTICE_FLAGS.includes(flag);

/**
 * Whether a report is on the *track*: visible (not hidden by an editor) and not doubted. Only the
 * track counts: `latest`, the metrics, the traveled distance, the line on the map and the public
 * projection are all computed from it. Flags mark a doubtful fix without dropping it.
 * @example isOnTrack({ hidden: false, flags: [] }) // true
 * @example isOnTrack({ hidden: false, flags: ['low_accuracy'] }) // false
 */
export const isOnTrack = (report: Pick<Report, 'hidden' | 'flags'>): boolean => !report.hidden && !isDoubted(report);
