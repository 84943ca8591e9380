import type { Caravan } from '@rumbo/shared';
import type { TrackStore } from '../store/track-store';

/**
 * How long a caravan read from the store serves ingest before it is read again. Changes reach
 * every instance's cache at once through `forget` (the change feed's caravan:settings signal);
 * this only bounds how stale one can be when that message is lost (Redis pub/sub keeps nothing).
 */
export const CARAVAN_MAX_AGE_MS = 5_000;

export interface CaravanCacheOptions {
  maxAgeMs?: number;
  /** Milliseconds from any fixed point; tests pass their own clock. */
  now?: () => number;
}

/** Freezes the object and everything in it: a cached caravan is shared by every request. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Caravans for the ingest paths, parsed once and shared, not read and parsed per report: a
 * caravan carries its planned route (up to 20,000 points, about 700 KB of JSON), and the route's
 * prepared index (routeRemainingKm) is kept per route object, so it is built once, not per summary.
 * A caravan that does not exist is not remembered: one created on another instance is found at once.
 * Cached caravans are frozen; a change goes through the store, then `forget`.
 * @example const caravans = createCaravanCache(store); const caravan = await caravans.get('norte');
 */
export function createCaravanCache(
  store: Pick<TrackStore, 'getCaravan'>,
  { maxAgeMs = CARAVAN_MAX_AGE_MS, now = () => performance.now() }: CaravanCacheOptions = {},
) {
  const cached = new Map<string, { caravan: Caravan; readAtMs: number }>();
  const reading = new Map<string, Promise<Caravan | null>>();
  /** Counts forgets: a read that a forget overtook may have read the old caravan, so it is not kept. */
  let forgets = 0;

  async function read(caravanId: string): Promise<Caravan | null> {
    const forgetsBefore = forgets;
    const readAtMs = now();
    const caravan = await store.getCaravan(caravanId);
    if (!caravan) return null;
    deepFreeze(caravan);
    if (forgets === forgetsBefore) cached.set(caravanId, { caravan, readAtMs });
    return caravan;
  }

  return {
    /** The caravan, from this process if read within maxAgeMs, else from the store (one read at a time per caravan). */
    get(caravanId: string): Promise<Caravan | null> {
      const entry = cached.get(caravanId);
      if (entry && now() - entry.readAtMs < maxAgeMs) return Promise.resolve(entry.caravan);
      const pending = reading.get(caravanId);
      if (pending) return pending;
      const started = read(caravanId).finally(() => {
        if (reading.get(caravanId) === started) reading.delete(caravanId);
      });
      reading.set(caravanId, started);
      return started;
    },
    /** The caravan changed in the store: the next `get` reads it again, and so does a `get` that joins no read begun before. */
    forget(caravanId: string): void {
      forgets++;
      cached.delete(caravanId);
      reading.delete(caravanId);
    },
  };
}
export type CaravanCache = ReturnType<typeof createCaravanCache>;
