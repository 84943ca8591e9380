import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, Liveness, Readiness } from '@rumbo/shared';
import { Type } from 'typebox';
import { withExample } from './responses';

/** Liveness and readiness for load balancers and orchestrators. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: withExample(Liveness, { status: 'ok' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store answers',
        response: {
          200: withExample(Readiness, { status: 'ready', store: 'redis' }),
          // Under load the request may be shed before it is checked: then the error shape.
          503: {
            ...Type.Union([withExample(Readiness, { status: 'unavailable', store: 'redis' }), ErrorBody]),
            description: 'The store is unreachable, or the server is shedding load.',
          },
        },
      },
    },
    async (_request, reply) => {
      try {
        await app.store.ping();
        return { status: 'ready' as const, store: app.store.kind };
      } catch (error) {
        app.log.warn({ err: error }, 'readiness check: store unreachable');
        return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: app.store.kind });
      }
    },
  );
};
export default healthRoutes;
