import { etagOf } from '../public/etag';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, PublicSnapshot, PublicUpdates, PublicUpdatesQuery } from '@rumbo/shared';
import { NotFound } from '../domain-errors';
import { allowPublicGet, openToAnySite, sendPublic } from './public-answer';
import { examplePublicSnapshot, examplePublicUpdates } from './examples';
import { emptyResponse, errorResponses, withExample } from './responses';
import { Type } from 'typebox';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The public projection over HTTP: anyone, any site (CORS open for GET), cacheable by browsers
 * and CDNs, with an ETag so a poll that finds nothing new costs a 304.
 */
const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const url of ['/api/v1/public/caravans/:caravanId', '/api/v1/public/caravans/:caravanId/updates'])
    app.options(
      url,
      {
        schema: {
          tags: ['public'],
          summary: 'CORS preflight: any site may GET the public snapshot and its updates',
          response: { 204: emptyResponse('Allowed: GET, with If-None-Match.') },
        },
      },
      async (_request, reply) => allowPublicGet(reply),
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
      openToAnySite(reply);
      if (!view) throw new NotFound(`public caravan ${request.params.caravanId}`);
      return sendPublic(request, reply, { ...view, type: JSON_TYPE }, app.publicViews.now());
    },
  );

  app.get(
    '/api/v1/public/caravans/:caravanId/updates',
    {
      schema: {
        tags: ['public'],
        summary: 'What changed in the public snapshot since a release step: cacheable until the next one',
        description:
          'A reader holding the snapshot whose `releasedUntil` is `since` asks for this instead of the whole snapshot. ' +
          'Every reader at the same step asks the same URL, so a CDN or cache answers them all with one request to Rumbo per step (at most one a minute).',
        params: CaravanParams,
        querystring: PublicUpdatesQuery,
        response: {
          200: Type.Unsafe<string>(withExample(PublicUpdates, examplePublicUpdates)),
          304: emptyResponse('Not modified since the ETag in If-None-Match.'),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const answer = await app.publicViews.updates(request.params.caravanId, Date.parse(request.query.since));
      openToAnySite(reply);
      if (!answer) throw new NotFound(`public caravan ${request.params.caravanId}`);
      const body = JSON.stringify(answer.updates);
      const etag = etagOf(body);
      return sendPublic(
        request,
        reply,
        { body, etag, snapshot: answer.current.snapshot, type: JSON_TYPE },
        app.publicViews.now(),
      );
    },
  );
};
export default publicRoutes;
