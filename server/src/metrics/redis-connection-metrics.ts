import type { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './process-metrics';

/** Whether the store's Redis connection is usable, and how often connecting to it failed. */
export function watchRedisConnection(registry: Registry, redis: Redis): void {
  new Gauge({
    name: `${METRIC_PREFIX}redis_up`,
    help: "1 while the store's Redis connection is ready, 0 while it is down or reconnecting.",
    registers: [registry],
    collect() {
      this.set(redis.status === 'ready' ? 1 : 0);
    },
  });
  const connectionErrors = new Counter({
    name: `${METRIC_PREFIX}redis_connection_errors_total`,
    help: "Errors on the store's Redis connection (each failed reconnect attempt counts once).",
    registers: [registry],
  });
  redis.on('error', () => connectionErrors.inc());
}
