import type { FastifyPluginAsync } from 'fastify';

/** Liveness and readiness for load balancers and orchestrators. */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await app.store.ping();
      return { status: 'ready', store: app.store.kind };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check: store unreachable');
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: app.store.kind });
    }
  });
};
export default healthRoutes;
