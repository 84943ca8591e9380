import { createHash } from 'node:crypto';
import type { Caravan, PublicSnapshot } from '@rumbo/shared';
import type { TrackStore } from '../store/track-store';
import { publicProjection, releasedUntil } from './public-projection';

/** A caravan's whole track fits; beyond that the oldest part of the public line is cut. */
const MAX_PUBLIC_FIXES = 1_000_000;
/** How long this instance reuses a snapshot: other instances' changes show within this. */
const CACHE_MS = 5_000;

export interface PublicView {
  snapshot: PublicSnapshot;
  /** Strong ETag of the JSON body. */
  etag: string;
  body: string;
}

/**
 * Public snapshots for this server instance: computed by publicProjection from the store,
 * cached for a few seconds per caravan and release minute, dropped at once when this instance
 * changes a caravan (a hidden report must leave public views now, not in a minute).
 */
export function createPublicViews(store: TrackStore, now: () => number = Date.now) {
  const cache = new Map<string, { key: string; at: number; view: PublicView }>();

  /** Null for unknown and archived caravans: they are not public. */
  async function view(caravanId: string): Promise<PublicView | null> {
    const caravan = await store.getCaravan(caravanId);
    if (!caravan || caravan.status === 'archived') return null;
    return viewOf(caravan);
  }

  async function viewOf(caravan: Caravan): Promise<PublicView> {
    const time = now();
    const until = releasedUntil(caravan, time);
    const key = `${until}:${JSON.stringify(caravan.public)}:${caravan.name}`;
    const cached = cache.get(caravan.id);
    if (cached && cached.key === key && time - cached.at < CACHE_MS) return cached.view;
    const track = await store.listTrack(caravan.id, until, MAX_PUBLIC_FIXES);
    const snapshot = publicProjection(caravan, track, time);
    const body = JSON.stringify(snapshot);
    const view = { snapshot, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(caravan.id, { key, at: time, view });
    return view;
  }

  return {
    view,
    /** Forget a caravan's cached snapshot after a change made on this instance. */
    invalidate(caravanId: string): void {
      cache.delete(caravanId);
    },
  };
}
export type PublicViews = ReturnType<typeof createPublicViews>;

/** Seconds a public answer may be cached: a thirtieth of the delay, between 15 s and 5 min. */
export function publicMaxAgeSeconds(delayMinutes: number): number {
  return Math.min(300, Math.max(15, Math.round((delayMinutes * 60) / 30)));
}
