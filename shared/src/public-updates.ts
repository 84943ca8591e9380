import type { PublicSnapshot, PublicUpdates } from './schemas/public';

/** A public snapshot as a reader holds it: with the ETag it came with. */
export interface HeldSnapshot {
  snapshot: PublicSnapshot;
  etag: string;
}

/**
 * A public snapshot brought up to date by an update. Null when the update does not apply to this
 * snapshot (its ETag is not the update's base): the reader must read the snapshot again.
 */
export function applyPublicUpdates(current: HeldSnapshot, updates: PublicUpdates): HeldSnapshot | null {
  if (updates.kind === 'snapshot') return { snapshot: updates.snapshot, etag: updates.etag };
  if (updates.kind === 'same') return updates.etag === current.etag ? current : null;
  if (updates.base !== current.etag || updates.keep > current.snapshot.track.length) return null;
  return {
    snapshot: { ...updates.snapshot, track: [...current.snapshot.track.slice(0, updates.keep), ...updates.append] },
    etag: updates.etag,
  };
}
