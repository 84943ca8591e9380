import type { RelayTarget, TrackStore } from '../store/track-store';
import type { CaravanCache } from '../services/caravan-cache';
import type { ChangeFeed } from './change-feed';

export interface ChangePusherDeps {
  store: Pick<TrackStore, 'takeUnpushed' | 'listCaravans'>;
  caravans: Pick<CaravanCache, 'get'>;
  changes: Pick<ChangeFeed, 'publish'>;
  log: { error(object: object, message: string): void };
  /** How often every caravan's changes not yet pushed are looked for (those whose writer never heard back). */
  sweepMs: number;
  /** Where the store also publishes what a push takes, for the other instances' viewers (several instances only). */
  relay?: RelayTarget;
}

/**
 * Pushes what the store recorded as not yet pushed (TrackStore.takeUnpushed) to the change feed:
 * `reports:stored` and `reports:updated`. A writer asks for a push of its caravan after each write;
 * a sweep on every instance takes what no writer did (a write whose reply timed out after Redis ran
 * it: the retry finds duplicates, and only the sweep pushes them). The store hands each change to
 * one taker, so every viewer sees it exactly once. While a caravan's push runs, more requests for
 * it make one more push after it, not one each.
 */
export function createChangePusher({ store, caravans, changes, log, sweepMs, relay }: ChangePusherDeps) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  async function pushNow(caravanId: string): Promise<void> {
    const { stored, updated } = await store.takeUnpushed(caravanId, relay);
    if (stored.length === 0 && updated.length === 0) return;
    const caravan = await caravans.get(caravanId);
    if (!caravan) return;
    if (stored.length > 0) await changes.publish('reports:stored', { caravan, reports: stored });
    if (updated.length > 0) await changes.publish('reports:updated', { caravan, reports: updated });
  }

  function push(caravanId: string): Promise<void> {
    const current = running.get(caravanId);
    if (current) {
      again.add(caravanId);
      return current;
    }
    const run = (async () => {
      try {
        do {
          again.delete(caravanId);
          await pushNow(caravanId);
        } while (again.has(caravanId));
      } catch (error) {
        // Still recorded as unpushed in the store: the next push or sweep takes it.
        log.error({ err: error, caravanId }, 'pushing stored changes failed; the sweep will retry');
      } finally {
        running.delete(caravanId);
      }
    })();
    running.set(caravanId, run);
    return run;
  }

  async function sweep(): Promise<void> {
    try {
      const all = await store.listCaravans();
      await Promise.all(all.map((caravan) => push(caravan.id)));
    } catch (error) {
      log.error({ err: error }, 'sweeping unpushed changes failed');
    }
  }

  const timer = setInterval(() => void sweep(), sweepMs);
  timer.unref();
  return {
    /** Pushes the caravan's changes not yet pushed; never rejects (a failure is logged and swept later). */
    push,
    sweep,
    close: () => clearInterval(timer),
  };
}
export type ChangePusher = ReturnType<typeof createChangePusher>;
