import { hash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { preHandlerHookHandler } from 'fastify';
import { ErrorBody } from '@rumbo/shared';
import fp from 'fastify-plugin';
import { Registry } from 'prom-client';
import { HttpError } from '../errors';
import { createAppMetrics, type AppMetrics } from '../metrics/app-metrics';
import { processMetrics } from '../metrics/process-metrics';
import { watchRedisConnection } from '../metrics/redis-connection-metrics';
import { bearerToken } from './auth';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus metrics: ingest counts the reports, the newsroom the push delay. */
    metrics: AppMetrics;
  }
}

/** The routes that bring reports in: their request durations are the ingest latency. */
const INGEST_ROUTES = new Set([
  'POST /api/v1/caravans/:caravanId/reports',
  'POST /api/v1/caravans/:caravanId/import',
  'GET /ingest/osmand',
  'POST /ingest/osmand',
  'POST /ingest/owntracks',
]);

const digest = (value: string) => hash('sha256', value, 'buffer');

/** preHandler: /metrics only with `Authorization: Bearer <METRICS_TOKEN>`. */
function requireMetricsToken(token: string): preHandlerHookHandler {
  const expected = digest(token);
  return async (request, reply) => {
    const given = bearerToken(request);
    if (given && timingSafeEqual(digest(given), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="metrics"');
    throw new HttpError(401, 'unauthorized', 'the metrics need the metrics token (Authorization: Bearer <METRICS_TOKEN>)');
  };
}

/** Whether an address (a HOST to listen on, or a client's) is this machine's loopback. */
export function isLoopback(address: string): boolean {
  const bare = address.replace(/^::ffff:/i, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * preHandler: /metrics only to clients on this machine. The socket's own address, not
 * `request.ip`: under TRUST_PROXY anyone may claim 127.0.0.1 in X-Forwarded-For, and a proxy in
 * front answers from its own, non-loopback address, so nothing reaches /metrics through it.
 */
const requireLoopbackClient: preHandlerHookHandler = async (request) => {
  if (isLoopback(request.raw.socket.remoteAddress ?? '')) return;
  throw new HttpError(
    403,
    'forbidden',
    'without METRICS_TOKEN the metrics answer only on this machine (set METRICS_TOKEN to scrape from elsewhere)',
  );
};

/** GET /metrics in the OpenAPI document: Prometheus text, not JSON. */
const METRICS_SCHEMA = {
  tags: ['operations'],
  summary: 'Prometheus metrics, every name rumbo_* (with METRICS_TOKEN set, only with that bearer token)',
  response: {
    200: {
      description: 'Prometheus text exposition format.',
      content: { 'text/plain': { schema: { type: 'string', examples: ['# TYPE rumbo_reports_ingested_total counter\n'] } } },
    },
    401: { ...ErrorBody, description: 'METRICS_TOKEN is set and this is not it.' },
    403: { ...ErrorBody, description: 'No METRICS_TOKEN, HOST is not loopback, and the client is not on this machine.' },
  },
};

export interface MetricsPluginOptions {
  /** null: no token; then who may read /metrics depends on `host`. */
  token: string | null;
  /** HOST: listening on loopback only, anyone who can connect may read /metrics. */
  host: string;
}

/**
 * Who may read /metrics (they tell load, audience and failures): with METRICS_TOKEN, whoever sends
 * it; without, anyone when the server listens on loopback only, else only clients on this
 * machine, said once at start.
 */
function metricsAccess(token: string | null, host: string, log: { warn(message: string): void }): preHandlerHookHandler[] {
  if (token) return [requireMetricsToken(token)];
  if (isLoopback(host)) return [];
  log.warn(
    `METRICS_TOKEN is not set and HOST ${host} is not loopback: /metrics answers only to clients on this machine. Set METRICS_TOKEN to scrape it from elsewhere.`,
  );
  return [requireLoopbackClient];
}

/** Prometheus metrics at GET /metrics: this app's registry and the process-wide one, every name `rumbo_*`. */
export default fp<MetricsPluginOptions>(
  async (app, { token, host }) => {
    const metrics = createAppMetrics(app.io);
    if (app.redis) watchRedisConnection(metrics.registry, app.redis);
    app.decorate('metrics', metrics);

    // Callback style: it runs after every answer, and an async hook costs a promise each time.
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (route && INGEST_ROUTES.has(`${request.method} ${route}`))
        metrics.ingestRequestDone(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });

    app.get('/metrics', { schema: METRICS_SCHEMA, preHandler: metricsAccess(token, host, app.log) }, async (_request, reply) => {
      const registry = Registry.merge([metrics.registry, processMetrics()]);
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics', dependencies: ['store', 'socket-io'] },
);
