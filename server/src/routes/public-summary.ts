import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams } from '@rumbo/shared';
import { Type } from 'typebox';
import { NotFound } from '../domain-errors';
import { examplePublicSnapshot } from './examples';
import { etagOf } from '../public/etag';
import { openToAnySite, sendPublic } from './public-answer';
import { emptyResponse, errorResponses } from './responses';

/** `?lang=`: the sentence's language (English unless asked). */
export const SummaryQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')], { description: 'the language; default `en`' })) },
  { additionalProperties: false },
);

/**
 * The public snapshot in one sentence, as plain text: what a live blog pastes, a newsletter
 * quotes, a screen reader reads. The snapshot's own `summary`, so it is cached and checked as the
 * snapshot is.
 */
const publicSummaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/public/caravans/:caravanId/summary.txt',
    {
      schema: {
        tags: ['public'],
        summary: 'The public snapshot in one sentence (plain text), for live blogs and screen readers',
        description:
          'The `summary` of the public snapshot in the language asked: the time of the public position (a release step, in the local time zone where it is), its public place, ' +
          'the distance to the border rounded to 10 km (the grid, when coarser) and the delay and precision. Cached like the snapshot (ETag, 304).',
        params: CaravanParams,
        querystring: SummaryQuery,
        response: {
          200: {
            description: 'One sentence (UTF-8 text).',
            content: { 'text/plain': { schema: { type: 'string', examples: [examplePublicSnapshot.summary.en] } } },
          },
          304: emptyResponse('Not modified since the ETag in If-None-Match.'),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const view = await app.publicViews.view(request.params.caravanId);
      openToAnySite(reply);
      if (!view) throw new NotFound(`public caravan ${request.params.caravanId}`);
      const body = view.snapshot.summary[request.query.lang ?? 'en'];
      const answer = { body, etag: etagOf(body), snapshot: view.snapshot, type: 'text/plain; charset=utf-8' };
      return sendPublic(request, reply, answer, app.publicViews.now());
    },
  );
};
export default publicSummaryRoutes;
