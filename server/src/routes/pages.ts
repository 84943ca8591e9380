import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../errors';

/** client/dist, from server/src (development) or server/dist (production) alike. */
export const CLIENT_DIST = fileURLToPath(new URL('../../../client/dist/', import.meta.url));

/** The built browser pages (Vite multi-page build) and their assets. */
const pageRoutes: FastifyPluginAsync<{ clientDist?: string }> = async (app, { clientDist = CLIENT_DIST }) => {
  if (!existsSync(clientDist)) {
    app.log.warn({ clientDist }, 'client not built: run `npm run build` to serve the pages');
    const notBuilt = async () => {
      throw new HttpError(503, 'client_not_built', 'the browser client is not built: run `npm run build`');
    };
    app.get('/', notBuilt);
    return;
  }
  await app.register(fastifyStatic, { root: clientDist, index: false, wildcard: false, prefix: '/' });
  const page = (file: string) => async (_request: unknown, reply: { type(t: string): { sendFile(f: string): unknown } }) =>
    reply.type('text/html; charset=utf-8').sendFile(file);
  app.get('/', page('index.html'));
  app.get('/report', page('report.html'));
  app.get('/embed/:caravanId', page('embed.html'));
};
export default pageRoutes;
