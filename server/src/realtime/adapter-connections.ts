import { Redis } from 'ioredis';
import type { RedisStore } from '../store/redis-store';

/**
 * A connection for the Socket.IO Redis adapter. The adapter sends its subscribe, unsubscribe and
 * publish commands without awaiting them, so a failed one would be an unhandled rejection, which
 * close-with-grace answers by shutting the process down. Failures are dropped here instead (the
 * store plugin logs the connection loss once).
 */
class AdapterConnection extends Redis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    const reply = super.sendCommand(...args);
    if (reply instanceof Promise) reply.catch(() => {});
    return reply;
  }
}

/**
 * The adapter's two connections (a subscribed connection can do nothing else), to the store's
 * Redis. Their commands wait for a reconnection rather than fail after a few retries or the
 * store's command timeout: a subscribe lost during an outage would cut this instance off from
 * the others' broadcasts for good, and a queued publish still reaches viewers once Redis is back.
 * While Redis is down no report is stored, so nothing piles up in that queue.
 */
export function adapterConnections(store: RedisStore): [publisher: Redis, subscriber: Redis] {
  const options = {
    ...store.redis.options,
    replyMapping: 'legacy' as const,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  };
  return [new AdapterConnection(options), new AdapterConnection(options)];
}
