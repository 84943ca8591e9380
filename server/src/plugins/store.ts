import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { AccountStore } from '../accounts/account-store';
import { CachedAccountStore } from '../accounts/cached-account-store';
import { MemoryAccountStore } from '../accounts/memory-account-store';
import { RedisAccountStore } from '../accounts/redis-account-store';
import { MemoryStore } from '../store/memory-store';
import { RedisStore } from '../store/redis-store';
import type { TrackStore } from '../store/track-store';

declare module 'fastify' {
  interface FastifyInstance {
    store: TrackStore;
    /** Accounts, with the lookups by a secret's hash answered in process (see CachedAccountStore). */
    accounts: CachedAccountStore;
    /**
     * The store's Redis connection, or null with the embedded store: what the rate limiter's
     * counters, the Socket.IO adapter and the connection metrics use when there is a Redis.
     */
    redis: Redis | null;
  }
}

export interface StorePluginOptions {
  redisUrl: string | null;
  /** A store built by the caller (tests, benchmarks); it is not closed with the app. */
  store?: TrackStore;
  /** Faster than this between fixes is implausible (the store judges speed). */
  maxSpeedKmh: number;
}

/** Accounts live next to the tracks: in the same Redis, or in memory with the memory store. */
function accountStoreFor(store: TrackStore): AccountStore {
  return store instanceof RedisStore ? new RedisAccountStore(store.redis) : new MemoryAccountStore();
}

/** One log line when Redis goes away and one when it is back, not one per reconnect attempt. */
function logConnectionChanges(store: RedisStore, log: FastifyBaseLogger): void {
  let down = false;
  store.redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.error({ err: error }, 'Redis connection lost; reconnecting');
  });
  store.redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('Redis connection restored');
  });
}

/** The track store: Redis when REDIS_URL is set, else the embedded in-memory store. */
export default fp<StorePluginOptions>(
  async (app, { redisUrl, store, maxSpeedKmh }) => {
    const owned = !store;
    const chosen = store ?? (redisUrl ? new RedisStore(redisUrl, {}, { maxSpeedKmh }) : new MemoryStore({ maxSpeedKmh }));
    app.decorate('store', chosen);
    app.decorate('accounts', new CachedAccountStore(accountStoreFor(chosen)));
    app.decorate('redis', chosen instanceof RedisStore ? chosen.redis : null);
    if (chosen instanceof RedisStore) logConnectionChanges(chosen, app.log);
    if (chosen.kind === 'memory' && owned) {
      app.log.warn('No REDIS_URL: using the embedded in-memory store. One process only; nothing is kept across restarts.');
    }
    if (owned) app.addHook('onClose', async () => chosen.close());
  },
  { name: 'store' },
);
