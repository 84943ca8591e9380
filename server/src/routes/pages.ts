import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HttpError } from '../errors';

/** client/dist, from server/src (development) or server/dist (production, see scripts/build.mjs). */
export const CLIENT_DIST = fileURLToPath(new URL('../../../client/dist/', import.meta.url));

/** Browser routes and the built page each serves. */
const PAGES = [
  { url: '/', file: 'index.html' },
  { url: '/report', file: 'report.html' },
  { url: '/embed/:caravanId', file: 'embed.html' },
] as const;

/** The built browser pages (Vite multi-page build) and their assets. */
const pageRoutes: FastifyPluginAsync<{ clientDist?: string }> = async (app, { clientDist = CLIENT_DIST }) => {
  const built = PAGES.filter((page) => existsSync(join(clientDist, page.file)));
  if (built.length === 0) {
    app.log.warn({ clientDist }, 'client not built: run `npm run build` to serve the pages');
    app.get('/', async () => {
      throw new HttpError(503, 'client_not_built', 'the browser client is not built: run `npm run build`');
    });
    return;
  }
  await app.register(fastifyStatic, { root: clientDist, index: false, wildcard: false, prefix: '/' });
  for (const page of built) {
    app.get(page.url, (_request, reply: FastifyReply) => reply.type('text/html; charset=utf-8').sendFile(page.file));
  }
};
export default pageRoutes;
