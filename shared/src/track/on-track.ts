import { NOTICE_FLAGS } from '../constants';
import type { Report } from '../schemas/report';

/**
 * Whether a report is on the *track*: visible (not hidden by an editor) and without a flag that
 * doubts it (NOTICE_FLAGS only inform). Only the track counts: `latest`, the metrics, the traveled
 * distance, the line on the map and the public projection are all computed from it. Flags mark a
 * doubtful fix without dropping it.
 * @example isOnTrack({ hidden: false, flags: [] }) // true
 * @example isOnTrack({ hidden: false, flags: ['low_accuracy'] }) // false
 */
export const isOnTrack = (report: Pick<Report, 'hidden' | 'flags'>): boolean =>
  !report.hidden && report.flags.every((flag) => NOTICE_FLAGS.includes(flag));
