import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import { HttpError } from '../errors';

/** How long an overloaded instance asks clients to wait; phones keep their queue meanwhile. */
const RETRY_AFTER_SECONDS = 5;
/** under-pressure measures the event loop over windows this long (its default). */
const SAMPLE_INTERVAL_MS = 1_000;
/**
 * Pressure counts only this long after the app is ready. Earlier samples measure the start itself
 * (loading, compiling every route's schemas): a start that keeps the loop busy for a whole window
 * leaves it without a single sample, which under-pressure reads as an infinite delay.
 */
const START_GRACE_MS = 2 * SAMPLE_INTERVAL_MS;

/**
 * Answered even under pressure: liveness (an orchestrator restarting a busy instance only loses
 * capacity) and the metrics that show the pressure. /readyz is shed: a 503 there takes the
 * instance out of the load balancer until it recovers, which is the point.
 */
const NEVER_SHED = new Set(['/healthz', '/metrics']);

export interface LoadSheddingOptions {
  /** Mean event-loop delay over the last second past which requests are refused; 0: never. */
  maxEventLoopDelayMs: number;
}

/**
 * Load shedding (@fastify/under-pressure): while the event loop lags, requests are answered at
 * once with 503 `overloaded` and Retry-After instead of queueing behind the lag. No status route
 * is exposed. Memory limits are left to the container (its limit and V8's heap limit know the
 * machine; a fixed byte count here would not).
 */
export default fp<LoadSheddingOptions>(
  async (app, { maxEventLoopDelayMs }) => {
    if (maxEventLoopDelayMs === 0) return;
    let shedFrom = Infinity;
    app.addHook('onReady', async () => {
      shedFrom = Date.now() + START_GRACE_MS;
    });
    await app.register(underPressure, {
      maxEventLoopDelay: maxEventLoopDelayMs,
      sampleInterval: SAMPLE_INTERVAL_MS,
      pressureHandler: async (request) => {
        if (Date.now() < shedFrom || NEVER_SHED.has(request.routeOptions.url ?? '')) return;
        throw new HttpError(
          503,
          'overloaded',
          `the server is overloaded; retry in ${RETRY_AFTER_SECONDS} s`,
          undefined,
          RETRY_AFTER_SECONDS,
        );
      },
    });
  },
  { name: 'load-shedding' },
);
