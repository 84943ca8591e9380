import type { ReportQuery, TrackStore } from '../../src/store/track-store';

/** What a test may do to one `listReports` call: wait for something first, or fail. */
export type ReadHook = (call: number, caravanId: string) => Promise<void>;

export interface WatchedStore<S extends TrackStore> {
  /** The store to hand to the app: the real one, with `listReports` watched. */
  readonly store: S;
  /** Every `listReports` call since the last `reset`, per caravan, in order. */
  reads(caravanId: string): ReportQuery[];
  /** Runs before each later `listReports` call (numbered from 1 per caravan since `reset`). */
  beforeRead(hook: ReadHook | null): void;
  reset(): void;
}

/**
 * A real store whose report reads a test can see and steer: how many pages an export read and
 * how large, a read that waits for the client, a read that fails midway. Everything else goes to
 * the real store untouched (a Proxy, so `instanceof` and closeStore keep working).
 */
export function watchedStore<S extends TrackStore>(real: S): WatchedStore<S> {
  const calls = new Map<string, ReportQuery[]>();
  let hook: ReadHook | null = null;
  const listReports: TrackStore['listReports'] = async (caravanId, query) => {
    const seen = calls.get(caravanId) ?? [];
    seen.push({ ...query });
    calls.set(caravanId, seen);
    if (hook) await hook(seen.length, caravanId);
    return real.listReports(caravanId, query);
  };
  const store = new Proxy(real, {
    get(target, property) {
      if (property === 'listReports') return listReports;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store,
    reads: (caravanId) => calls.get(caravanId) ?? [],
    beforeRead(next) {
      hook = next;
    },
    reset() {
      calls.clear();
      hook = null;
    },
  };
}
