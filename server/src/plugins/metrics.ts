import { createHash, timingSafeEqual } from 'node:crypto';
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

const digest = (value: string) => createHash('sha256').update(value).digest();

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
  },
};

export interface MetricsPluginOptions {
  /** null: anyone may read /metrics. */
  token: string | null;
}

/** Prometheus metrics at GET /metrics: this app's registry and the process-wide one, every name `rumbo_*`. */
export default fp<MetricsPluginOptions>(
  async (app, { token }) => {
    const metrics = createAppMetrics(app.io);
    if (app.redis) watchRedisConnection(metrics.registry, app.redis);
    app.decorate('metrics', metrics);

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route && INGEST_ROUTES.has(`${request.method} ${route}`))
        metrics.ingestRequestDone(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    });

    app.get(
      '/metrics',
      { schema: METRICS_SCHEMA, preHandler: token ? requireMetricsToken(token) : [] },
      async (_request, reply) => {
        const registry = Registry.merge([metrics.registry, processMetrics()]);
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  },
  { name: 'metrics', dependencies: ['store', 'socket-io'] },
);
