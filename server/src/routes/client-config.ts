import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientConfig } from '@rumbo/shared';
import { errorResponses, withExample } from './responses';

/** What the browser pages need to know at start: which basemap to draw. */
const clientConfigRoutes: FastifyPluginAsyncTypebox<{ basemapStyleUrl: string | null }> = async (app, { basemapStyleUrl }) => {
  app.get(
    '/api/v1/client-config',
    {
      schema: {
        tags: ['pages'],
        summary: 'What the browser pages need at start',
        response: { 200: withExample(ClientConfig, { basemapStyleUrl: null }), ...errorResponses() },
      },
    },
    async () => ({ basemapStyleUrl }),
  );
};
export default clientConfigRoutes;
