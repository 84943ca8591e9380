import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CaravanId } from '@rumbo/shared';
import { Value } from 'typebox/value';
import { HttpError } from '../errors';
import { publicOrigin } from '../share/public-origin';
import { shareLinks } from '../share/share-links';
import { socialCard, socialTags } from '../share/social-tags';
import { xmlText } from '../exports/xml-text';
import { contentSecurityPolicy, referrerPolicy } from './page-policy';
import { errorResponses } from './responses';

/** client/dist, from server/src (development) or server/dist (production, see scripts/build.mjs). */
export const CLIENT_DIST = fileURLToPath(new URL('../../../client/dist/', import.meta.url));

/**
 * The embed's first words come from the public snapshot, which its script would only ask for once
 * it has downloaded and run: one round trip after another on a slow phone. Named in the page's
 * answer, the browser fetches it alongside the script, and the script's own fetch() (same URL, no
 * extra headers, same-origin credentials: what `crossorigin` means here) takes the preloaded answer.
 */
export function embedPreloadLink(caravanId: string): string | null {
  // Only an id the API would answer (its own rule): nothing else of the address goes into a header.
  if (!Value.Check(CaravanId, caravanId)) return null;
  return `</api/v1/public/caravans/${caravanId}>; rel=preload; as=fetch; crossorigin`;
}

/**
 * The embed is the same page for every reader of a caravan and changes only with a deployment and,
 * in its social card's words, once a release step (an older sentence is only less recent, never
 * more exact): shared caches (a CDN, nginx) may keep it a minute and serve it stale while they
 * refresh it, so a front page's crowd costs the origin about one request a minute. The staff pages
 * are revalidated on every use.
 */
const EMBED_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** Browser routes, the built page each serves, whether other sites may frame it, and what it should fetch at once. */
const PAGES = [
  { url: '/', file: 'index.html', framable: false, summary: 'Newsroom dashboard (`?caravan=<id>` opens that caravan)' },
  { url: '/report', file: 'report.html', framable: false, summary: 'Reporter page' },
  {
    url: '/embed/:caravanId',
    file: 'embed.html',
    framable: true,
    preload: embedPreloadLink,
    cacheControl: EMBED_CACHE_CONTROL,
    summary: 'Public embed, for iframes on the sites in PUBLIC_ORIGINS',
  },
] as const;

/**
 * The built embed page with a public caravan's social card in its head (Open Graph, Twitter card,
 * oEmbed discovery) and its title: crawlers run no script, so these are written into the page the
 * server sends. Everything in them comes from the public snapshot, escaped.
 */
export function embedWithCard(html: string, card: ReturnType<typeof socialCard>, title: string): string {
  const tags = `<meta name="description" content="${xmlText(card.description)}">\n${socialTags(card)}\n`;
  return html
    .replace(/<title>[^<]*<\/title>/, () => `<title>${xmlText(title)}</title>`)
    .replace('</head>', () => `${tags}</head>`);
}

/** A page's answer, described for the OpenAPI document: the built HTML file. */
const htmlResponse = {
  200: {
    description: 'The page (HTML).',
    content: { 'text/html': { schema: { type: 'string', examples: ['<!doctype html><html lang="es">…</html>'] } } },
  },
};

/**
 * Vite names what it builds into assets/ by content hash: a new build is a new URL, so those may
 * be kept for a year by browsers and CDNs (an embed in a widely read article loads MapLibre once).
 * Everything else (the pages, the reporter page's service worker and manifest) is revalidated on
 * every use, so a deployment reaches every reader at once.
 */
export function cacheControlFor(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The built browser pages (Vite multi-page build) and their assets. */
const pageRoutes: FastifyPluginAsync<{
  clientDist?: string;
  publicOrigins: string[];
  basemapStyleUrl: string | null;
  publicBaseUrl: string | null;
}> = async (app, { clientDist = CLIENT_DIST, publicOrigins, basemapStyleUrl, publicBaseUrl }) => {
  const built = PAGES.filter((page) => existsSync(join(clientDist, page.file)));
  if (built.length === 0) {
    app.log.warn({ clientDist }, 'client not built: run `npm run build` to serve the pages');
    app.get(
      '/',
      { schema: { tags: ['pages'], summary: 'Newsroom dashboard: not built', response: errorResponses(503) } },
      async () => {
        throw new HttpError(503, 'client_not_built', 'the browser client is not built: run `npm run build`');
      },
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDist,
    index: false,
    wildcard: false,
    prefix: '/',
    // A page only at its own address, with its own policy: the raw index.html, report.html and
    // embed.html would be the same pages without it (framable by anyone).
    // The build's .br and .gz copies are not addresses of their own either: they are what
    // `preCompressed` sends for the file beside them to a browser that accepts that encoding.
    globIgnore: ['**/*.html', '**/*.br', '**/*.gz'],
    preCompressed: true,
    // Its own header would be `public, max-age=0` for everything, pages included (over ours).
    cacheControl: false,
    setHeaders: (response, path) => {
      response.setHeader('cache-control', cacheControlFor(path));
      // The same URL is brotli, gzip or plain by the request's Accept-Encoding: a shared cache
      // (CDN, nginx) must keep them apart.
      response.setHeader('vary', 'accept-encoding');
    },
  });
  /** The embed for a public caravan, with its card; null when the caravan is not public (the page as built). */
  const embedHtml = existsSync(join(clientDist, 'embed.html')) ? readFileSync(join(clientDist, 'embed.html'), 'utf8') : '';
  async function embedPage(request: FastifyRequest<{ Params: { caravanId?: string }; Querystring: { lang?: string } }>) {
    const view = Value.Check(CaravanId, request.params.caravanId) ? await app.publicViews.view(request.params.caravanId!) : null;
    if (!view) return null;
    const lang = request.query.lang === 'es' ? 'es' : 'en';
    const origin = publicOrigin(request, publicBaseUrl);
    const card = socialCard(view.snapshot, origin, shareLinks(origin, view.snapshot.caravan.id, lang).embed, lang);
    return embedWithCard(embedHtml, card, `${view.snapshot.caravan.name} · Rumbo`);
  }

  for (const page of built) {
    const policy = contentSecurityPolicy({ framable: page.framable, publicOrigins, basemapStyleUrl });
    const referrer = referrerPolicy(page.framable);
    // Any id gets the page (it says so when the caravan is not public): the parameter is only described.
    const params = { type: 'object', properties: { caravanId: { type: 'string', description: 'the caravan to show' } } };
    const schema = {
      tags: ['pages'],
      summary: page.summary,
      response: htmlResponse,
      ...(page.url.includes(':') ? { params } : {}),
    };
    app.get<{ Params: { caravanId?: string }; Querystring: { lang?: string } }>(
      page.url,
      { schema },
      async (request, reply: FastifyReply) => {
        const preload = 'preload' in page ? page.preload(request.params.caravanId ?? '') : null;
        if (preload) reply.header('link', preload);
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', policy)
          .header('referrer-policy', referrer)
          .header('cache-control', 'cacheControl' in page ? page.cacheControl : 'no-cache');
        const withCard = page.file === 'embed.html' ? await embedPage(request) : null;
        return withCard === null ? reply.sendFile(page.file) : reply.send(withCard);
      },
    );
  }
};
export default pageRoutes;
