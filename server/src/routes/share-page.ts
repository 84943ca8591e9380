import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFound } from '../domain-errors';
import { SHARE_CSS, SHARE_CSS_PATH } from '../share/share-style';
import { sharePage, shareNotFoundPage } from '../share/share-page';
import { publicOrigin } from '../share/public-origin';
import { contentSecurityPolicy, referrerPolicy } from './page-policy';
import { etagOf } from '../public/etag';
import { sendPublic } from './public-answer';
import { emptyResponse, errorResponses } from './responses';

/**
 * A shared link arrives with whatever the sharing site appends (`utm_source`, `fbclid`…): the page
 * takes them all and reads only `lang`, and an unknown language is English, not an error page.
 */
const SharePageQuery = Type.Object(
  { lang: Type.Optional(Type.String({ description: '`es` for Spanish; anything else is English' })) },
  { additionalProperties: true },
);

/** Whether a client reads pages (a browser, a link preview's crawler), not our JSON errors. */
const wantsHtml = (accept: string | undefined) => accept === undefined || /text\/html|\*\/\*/.test(accept);

const htmlResponse = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string', examples: ['<!doctype html><html lang="en">…</html>'] } } },
});

/** The shareable page of a public caravan, `/c/:caravanId`, and its stylesheet. */
const sharePageRoutes: FastifyPluginAsyncTypebox<{
  publicOrigins: string[];
  basemapStyleUrl: string | null;
  publicBaseUrl: string | null;
}> = async (app, { publicOrigins, basemapStyleUrl, publicBaseUrl }) => {
  // Framed by nobody: it is a page to open, and the embed is the page to frame.
  const policy = contentSecurityPolicy({ framable: false, publicOrigins, basemapStyleUrl });

  app.get(SHARE_CSS_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(SHARE_CSS),
  );

  app.get(
    '/c/:caravanId',
    {
      schema: {
        tags: ['pages'],
        summary:
          'Shareable public page: the static map, the headline, the sentence; Open Graph, Twitter card and oEmbed discovery',
        description:
          'Server-rendered from the public snapshot, no script. Cached like the snapshot (ETag, 304). ' +
          'Absolute addresses in its tags start with PUBLIC_BASE_URL (else the request’s own origin).',
        params: Type.Object({ caravanId: Type.String({ description: 'the caravan to show' }) }),
        querystring: SharePageQuery,
        response: {
          ...errorResponses(),
          200: htmlResponse('The page (HTML).'),
          304: emptyResponse('Not modified since the ETag in If-None-Match.'),
          404: {
            description:
              'No public caravan by that id (unknown or archived): a page saying so to browsers, the error to other clients.',
            content: {
              'text/html': htmlResponse('').content['text/html'],
              'application/json': { schema: errorResponses(404)[404] },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang === 'es' ? 'es' : 'en';
      reply.header('content-security-policy', policy).header('referrer-policy', referrerPolicy(true));
      const view = await app.publicViews.view(request.params.caravanId);
      if (!view && !wantsHtml(request.headers.accept)) throw new NotFound(`public caravan ${request.params.caravanId}`);
      if (!view)
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'public, max-age=60')
          .send(shareNotFoundPage(lang, SHARE_CSS_PATH));
      const body = sharePage(view.snapshot, {
        origin: publicOrigin(request, publicBaseUrl),
        lang,
        stylesheet: SHARE_CSS_PATH,
      });
      const answer = { body, etag: etagOf(body), snapshot: view.snapshot, type: 'text/html; charset=utf-8' };
      return sendPublic(request, reply, answer, app.publicViews.now());
    },
  );
};
export default sharePageRoutes;
