import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientConfig } from '@rumbo/shared';
import { errorResponses, withExample } from './responses';

/** Settings change only with a restart; every embed asks, so caches may keep the answer a minute. */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/**
 * What the browser pages need to know at start: which basemap to draw, whether readers get live
 * pushes, and at which origin readers reach Rumbo (the links the newsroom copies into stories).
 */
const clientConfigRoutes: FastifyPluginAsyncTypebox<ClientConfig> = async (app, config) => {
  app.get(
    '/api/v1/client-config',
    {
      schema: {
        tags: ['pages'],
        summary: 'What the browser pages need at start',
        response: {
          200: withExample(ClientConfig, { basemapStyleUrl: null, publicLive: false, publicBaseUrl: 'https://rumbo.example' }),
          ...errorResponses(),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', CACHE_CONTROL);
      return { basemapStyleUrl: config.basemapStyleUrl, publicLive: config.publicLive, publicBaseUrl: config.publicBaseUrl };
    },
  );
};
export default clientConfigRoutes;
