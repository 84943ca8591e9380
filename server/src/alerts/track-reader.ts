import type { Report } from '@rumbo/shared';
import { isOnTrack } from '@rumbo/shared/track';
import type { TrackStore } from '../store/track-store';

/** Most fixes a rule reads around a new one (a day of one fix every 5 s from several phones). */
const READ_LIMIT = 100_000;

export type TrackReads = Pick<TrackStore, 'listReports'>;

/**
 * The caravan's track (visible, unflagged fixes) with fix times in [sinceMs, untilMs], in track
 * order: what the rules that look beyond one fix (a day's distance, a stop, the previous count)
 * judge on.
 */
export async function trackBetween(store: TrackReads, caravanId: string, sinceMs: number, untilMs: number): Promise<Report[]> {
  return (await store.listReports(caravanId, { sinceMs, untilMs, limit: READ_LIMIT })).filter(isOnTrack);
}
