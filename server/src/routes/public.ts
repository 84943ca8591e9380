import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors';
import { publicMaxAgeSeconds } from '../public/public-views';
import { CaravanParams } from './caravans';

/**
 * The public projection over HTTP: anyone, any site (CORS open for GET), cacheable by browsers
 * and CDNs, with an ETag so a poll that finds nothing new costs a 304.
 */
const publicRoutes: FastifyPluginAsync = async (app) => {
  app.options('/api/v1/public/caravans/:caravanId', async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET')
      .header('access-control-allow-headers', 'If-None-Match')
      .header('access-control-max-age', '86400')
      .send(),
  );

  app.get<{ Params: { caravanId: string } }>(
    '/api/v1/public/caravans/:caravanId',
    { schema: { params: CaravanParams } },
    async (request, reply) => {
      const view = await app.publicViews.view(request.params.caravanId);
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'ETag');
      if (!view) throw notFound(`public caravan ${request.params.caravanId}`);
      reply
        .header('cache-control', `public, max-age=${publicMaxAgeSeconds(view.snapshot.delayMinutes)}`)
        .header('etag', view.etag)
        .header('vary', 'Accept-Encoding');
      const match = request.headers['if-none-match'];
      if (match && match.split(',').some((tag) => tag.trim() === view.etag || tag.trim() === `W/${view.etag}`))
        return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(view.body);
    },
  );
};
export default publicRoutes;
