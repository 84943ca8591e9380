// Apart from helper.ts because it imports vitest: the benchmarks bundle helper.ts into plain node.
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../src/app';
import type { Config } from '../src/config';
import type { TrackStore } from '../src/store/track-store';
import { buildTestApp, closeStore, listen, type TestAppOptions } from './helper';

export interface UseTestAppOptions {
  config?: Partial<Config>;
  /** Listen on an ephemeral port (for sockets); `baseUrl` is only there with it. */
  listen?: boolean;
  /** The clock of the public release (default: the real one). */
  now?: () => number;
  /** How often unpushed changes are swept (default UNPUSHED_SWEEP_MS). */
  unpushedSweepMs?: number;
  /** Webhook delivery timing (default: DEFAULT_DELIVERY_TIMING). */
  deliveryTiming?: TestAppOptions['deliveryTiming'];
}

/** What `useTestApp` built; each getter throws if read before the describe's beforeAll ran. */
export interface TestAppFixture<S extends TrackStore> {
  readonly app: App;
  readonly store: S;
  readonly baseUrl: string;
}

/**
 * One app on a fresh store for the calling describe: built in its beforeAll, closed in its
 * afterAll, the app before the store. Call it in the describe body; read it in hooks and tests.
 *
 * @example
 * describe.each(stores)('caravans on the %s store', (_kind, makeStore) => {
 *   const setup = useTestApp(makeStore, { listen: true });
 *   it('creates one', async () => expect(await createCaravan(setup.app)).toBeTruthy());
 * });
 */
export function useTestApp<S extends TrackStore>(makeStore: () => S, options: UseTestAppOptions = {}): TestAppFixture<S> {
  let store: S | undefined;
  let app: App | undefined;
  let baseUrl: string | undefined;
  beforeAll(async () => {
    store = makeStore();
    app = await buildTestApp({ store, ...options });
    if (options.listen) baseUrl = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
    if (store) await closeStore(store);
  });

  return {
    get app() {
      return built(app, 'app');
    },
    get store() {
      return built(store, 'store');
    },
    get baseUrl() {
      if (!options.listen) throw new Error('useTestApp: baseUrl read, but the app was not asked to listen ({ listen: true })');
      return built(baseUrl, 'baseUrl');
    },
  };
}

function built<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new Error(`useTestApp: ${name} read before beforeAll built it; read it in a hook or a test, not in the describe body`);
  }
  return value;
}
