import type { FastifyPluginAsync } from 'fastify';
import { HttpError, forbidden, notFound } from '../errors';
import { parseGpx } from '../ingest/gpx';
import { importGpx } from '../services/gpx-import';
import { CaravanParams } from './caravans';

/**
 * Compact writers fit the 50,000 points allowed in about 5 MiB (~110 bytes a point); Garmin's
 * indented TrackPointExtension takes ~400 bytes a point and meets this limit near 26,000.
 */
export const GPX_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const GPX_MEDIA_TYPES = ['application/gpx+xml', 'application/xml', 'text/xml'];

const unsupportedMediaType = () =>
  new HttpError(415, 'unsupported_media_type', `unsupported Content-Type; send the GPX file as ${GPX_MEDIA_TYPES.join(', ')}`);

/**
 * GPX import into one caravan: admins, editors, and reporters of that caravan (a GPS logger's
 * track of the days without signal is theirs to send, as its fixes one by one would be).
 */
const importGpxRoutes: FastifyPluginAsync = async (app) => {
  // Parsers of this plugin only: the file stays text until the caller is known, since reading
  // the XML is the costly part; every other type is refused with the types this route takes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(GPX_MEDIA_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedMediaType()));

  app.post<{ Params: { caravanId: string } }>(
    '/api/v1/caravans/:caravanId/import',
    {
      bodyLimit: GPX_BODY_LIMIT_BYTES,
      preHandler: app.requireRole('admin', 'editor', 'reporter'),
      schema: { params: CaravanParams },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { caravanId } = request.params;
      if (principal.role === 'reporter' && !principal.caravans?.includes(caravanId))
        throw forbidden(`this token may not import into caravan ${caravanId}`);
      if (typeof request.body !== 'string') throw unsupportedMediaType();
      const caravan = await app.caravans.get(caravanId);
      if (!caravan) throw notFound(`caravan ${caravanId}`);
      const points = parseGpx(request.body);
      const result = await importGpx(app.ingest, caravan, points, {
        reporterId: principal.id,
        source: 'gpx',
        receivedAt: new Date(),
      });
      return reply.code(result.imported > 0 ? 201 : 200).send(result);
    },
  );
};
export default importGpxRoutes;
