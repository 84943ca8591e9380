import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFound } from '../domain-errors';
import { HttpError } from '../errors';
import { oembedAnswer, oembedLanguage, oembedTarget } from '../share/oembed';
import { publicOrigin } from '../share/public-origin';
import { examplePublicSnapshot } from './examples';
import { errorResponses, withExample } from './responses';

/**
 * The oEmbed 1.0 request (https://oembed.com, section 2.2). Consumers add parameters of their own
 * (WordPress, Iframely, Embedly each do) and nobody can change them, so extra ones are ignored,
 * as the phone-app adapters ignore what apps add; the ones named here are checked.
 */
const OembedQuery = Type.Object(
  {
    url: Type.String({ minLength: 1, description: 'a `/c/<caravanId>` or `/embed/<caravanId>` address on this server' }),
    maxwidth: Type.Optional(Type.Integer({ minimum: 1, description: 'the widest the embed (and thumbnail) may be, in pixels' })),
    maxheight: Type.Optional(
      Type.Integer({ minimum: 1, description: 'the tallest the embed (and thumbnail) may be, in pixels' }),
    ),
    format: Type.Optional(Type.String({ description: '`json` (the default); any other answers 501' })),
  },
  { additionalProperties: true },
);

/** The answer for type rich, as documented (the optional thumbnail fields go when the bounds are too small for it). */
const OembedRichSchema = Type.Object({
  version: Type.Literal('1.0'),
  type: Type.Literal('rich'),
  title: Type.String(),
  provider_name: Type.Literal('Rumbo'),
  provider_url: Type.String(),
  cache_age: Type.Integer(),
  thumbnail_url: Type.Optional(Type.String()),
  thumbnail_width: Type.Optional(Type.Integer()),
  thumbnail_height: Type.Optional(Type.Integer()),
  html: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

/**
 * oEmbed provider: a CMS that knows oEmbed (WordPress, Ghost, Drupal…) turns a pasted caravan
 * address into the embed's iframe, sized to its column, with the static map as the thumbnail.
 */
const oembedRoutes: FastifyPluginAsyncTypebox<{ publicBaseUrl: string | null }> = async (app, { publicBaseUrl }) => {
  const example = oembedAnswer(examplePublicSnapshot, { origin: 'https://rumbo.example', lang: 'en', maxwidth: 600 });
  app.get(
    '/oembed',
    {
      schema: {
        tags: ['public'],
        summary: 'oEmbed 1.0 (JSON, type rich): the embed iframe for a caravan page or embed address',
        description:
          'Discovered from the `<link rel="alternate" type="application/json+oembed">` of `/c/:caravanId` and `/embed/:caravanId`. ' +
          '`html` is an iframe of the embed, 4:3, at most 640×480 and never larger than maxwidth × maxheight; the thumbnail is the static map, fitted the same way.',
        querystring: OembedQuery,
        response: {
          200: withExample(OembedRichSchema, example),
          ...errorResponses(400, 404, 501),
        },
      },
    },
    async (request, reply) => {
      const { url, maxwidth, maxheight, format = 'json' } = request.query;
      reply.header('access-control-allow-origin', '*');
      if (format !== 'json') throw new HttpError(501, 'format_not_implemented', `format: only json is answered, not "${format}"`);
      const origin = publicOrigin(request, publicBaseUrl);
      const caravanId = oembedTarget(url, origin);
      if (!caravanId)
        throw new NotFound(`a caravan page (${origin}/c/<caravanId>) or embed (${origin}/embed/<caravanId>) at ${url}`);
      const view = await app.publicViews.view(caravanId);
      if (!view) throw new NotFound(`public caravan ${caravanId}`);
      return (
        reply
          // Kept briefly by caches (cache_age tells the consumer a day): an archived caravan's answer goes within minutes.
          .header('cache-control', 'public, max-age=300')
          .send(oembedAnswer(view.snapshot, { origin, lang: oembedLanguage(url), maxwidth, maxheight }))
      );
    },
  );
};
export default oembedRoutes;
