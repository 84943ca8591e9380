import type { LngLat, PublicSnapshot, PublicUpdates } from '@rumbo/shared';
import { publicStepMs } from './public-projection';
import type { PublicView } from './public-views';

/**
 * How long a public answer may be kept, at most, even when the next release step is further off:
 * an editor's hide reaches the readers of a cache within this (plus one stale answer while it
 * refreshes), and a cache asks the origin about once per entry in this time.
 */
export const PUBLIC_MAX_AGE_SECONDS = 60;
/** A cache may answer with an expired entry while it fetches the new one in the background. */
export const PUBLIC_STALE_WHILE_REVALIDATE_SECONDS = 30;
/**
 * A cache may keep answering with its last entry this long while the origin is down: a public
 * answer only ever gets older, never more exact, so a day-old one is safe to show.
 */
export const PUBLIC_STALE_IF_ERROR_SECONDS = 86_400;

/** When the snapshot after this one is released: its step later, once the delay has passed it. */
export function nextReleaseAt(snapshot: Pick<PublicSnapshot, 'releasedUntil' | 'delayMinutes' | 'precisionKm'>): number {
  return Date.parse(snapshot.releasedUntil) + publicStepMs(snapshot.precisionKm) + snapshot.delayMinutes * 60_000;
}

/**
 * Cache-Control of every public answer made from this snapshot: shared caches and browsers may
 * keep it until the next release step (the public view cannot gain a fix before then), but no
 * longer than PUBLIC_MAX_AGE_SECONDS, so a hidden report does not linger.
 */
export function publicCacheControl(
  snapshot: Pick<PublicSnapshot, 'releasedUntil' | 'delayMinutes' | 'precisionKm'>,
  now: number,
): string {
  const untilNextStep = Math.ceil((nextReleaseAt(snapshot) - now) / 1000);
  const maxAge = Math.max(1, Math.min(PUBLIC_MAX_AGE_SECONDS, untilNextStep));
  return `public, max-age=${maxAge}, stale-while-revalidate=${PUBLIC_STALE_WHILE_REVALIDATE_SECONDS}, stale-if-error=${PUBLIC_STALE_IF_ERROR_SECONDS}`;
}

/** How many points two tracks share from their start. */
function sharedStart(base: readonly LngLat[], current: readonly LngLat[]): number {
  let shared = 0;
  while (
    shared < base.length &&
    shared < current.length &&
    base[shared]![0] === current[shared]![0] &&
    base[shared]![1] === current[shared]![1]
  )
    shared++;
  return shared;
}

/**
 * What a reader holding `base` needs to hold `current`: nothing, the track's new end and the rest
 * of the snapshot, or (no base) the whole snapshot. Made of `current` alone: every value in it is
 * one the current snapshot shows. The track is simplified as a whole, so its last points may move
 * as it grows: `keep` says how much of the base still stands.
 */
export function publicUpdates(base: PublicView | undefined, current: PublicView): PublicUpdates {
  if (!base) return { kind: 'snapshot', etag: current.etag, snapshot: current.snapshot };
  if (base.etag === current.etag) return { kind: 'same', etag: current.etag };
  const { track, ...head } = current.snapshot;
  const keep = sharedStart(base.snapshot.track, track);
  return { kind: 'diff', base: base.etag, etag: current.etag, keep, append: track.slice(keep), snapshot: head };
}
