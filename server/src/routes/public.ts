import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, PublicSnapshot } from '@rumbo/shared';
import { NotFound } from '../domain-errors';
import { publicMaxAgeSeconds } from '../public/public-views';
import { examplePublicSnapshot } from './examples';
import { emptyResponse, errorResponses, withExample } from './responses';
import { Type } from 'typebox';

/**
 * The public projection over HTTP: anyone, any site (CORS open for GET), cacheable by browsers
 * and CDNs, with an ETag so a poll that finds nothing new costs a 304.
 */
const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.options(
    '/api/v1/public/caravans/:caravanId',
    {
      schema: {
        tags: ['public'],
        summary: 'CORS preflight: any site may GET the public snapshot',
        response: { 204: emptyResponse('Allowed: GET, with If-None-Match.') },
      },
    },
    async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', 'If-None-Match')
        .header('access-control-max-age', '86400')
        .send(),
  );

  app.get(
    '/api/v1/public/caravans/:caravanId',
    {
      schema: {
        tags: ['public'],
        summary: 'What the public may see of a caravan: delayed, coarsened, anonymous',
        params: CaravanParams,
        response: {
          // The body is the snapshot's cached JSON text, the very bytes its ETag was computed on:
          // sent as a string, so no serializer touches it.
          200: Type.Unsafe<string>(withExample(PublicSnapshot, examplePublicSnapshot)),
          304: emptyResponse('Not modified since the ETag in If-None-Match.'),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const view = await app.publicViews.view(request.params.caravanId);
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'ETag');
      if (!view) throw new NotFound(`public caravan ${request.params.caravanId}`);
      reply
        .header('cache-control', `public, max-age=${publicMaxAgeSeconds(view.snapshot.delayMinutes)}`)
        .header('etag', view.etag)
        .header('vary', 'accept-encoding');
      const match = request.headers['if-none-match'];
      if (match && match.split(',').some((tag) => tag.trim() === view.etag || tag.trim() === `W/${view.etag}`))
        return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(view.body);
    },
  );
};
export default publicRoutes;
