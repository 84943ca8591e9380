import type { FastifyPluginAsync } from 'fastify';

/** What the browser pages need to know at start: which basemap to draw. */
const clientConfigRoutes: FastifyPluginAsync<{ basemapStyleUrl: string | null }> = async (app, { basemapStyleUrl }) => {
  app.get('/api/v1/client-config', async () => ({ basemapStyleUrl }));
};
export default clientConfigRoutes;
