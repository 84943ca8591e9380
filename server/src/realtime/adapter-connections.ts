import { Redis, type RedisOptions } from 'ioredis';

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
 * The publishing connection. Every report is broadcast, so it publishes once a report: auto-pipelined,
 * the publishes of one turn of the event loop go out in one write. Those replies come back through
 * the auto-pipeline, not through sendCommand, so failures are dropped here too.
 */
class AdapterPublisher extends AdapterConnection {
  constructor(options: RedisOptions & { replyMapping?: 'legacy' }) {
    super({ ...options, enableAutoPipelining: true });
    const publish = this.publish.bind(this);
    this.publish = ((channel: string | Buffer, message: string | Buffer) => {
      const reply = publish(channel, message);
      reply.catch(() => {});
      return reply;
    }) as Redis['publish'];
  }
}

/**
 * The adapter's two connections (a subscribed connection can do nothing else), to the same
 * Redis as `redis` (the store's). Their commands wait for a reconnection rather than fail after a few retries or the
 * store's command timeout: a subscribe lost during an outage would cut this instance off from
 * the others' broadcasts for good, and a queued publish still reaches viewers once Redis is back.
 * While Redis is down no report is stored, so nothing piles up in that queue.
 */
export function adapterConnections(redis: Redis): [publisher: Redis, subscriber: Redis] {
  const options = {
    ...redis.options,
    replyMapping: 'legacy' as const,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
    // Auto-pipelined replies do not pass through sendCommand: only the publisher, which catches them.
    enableAutoPipelining: false,
  };
  return [new AdapterPublisher(options), new AdapterConnection(options)];
}
