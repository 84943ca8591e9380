import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, GpxImportResult } from '@rumbo/shared';
import { caravanToPostTo } from '../accounts/caravan-access';
import { UnsupportedMediaType } from '../domain-errors';
import { parseGpx } from '../ingest/gpx';
import { importGpx } from '../services/gpx-import';
import { exampleGpxImport } from './examples';
import { errorResponses, SECURITY, withExample } from './responses';

/**
 * Compact writers fit the 50,000 points allowed in about 5 MiB (~110 bytes a point); Garmin's
 * indented TrackPointExtension takes ~400 bytes a point and meets this limit near 26,000.
 */
export const GPX_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const GPX_MEDIA_TYPES = ['application/gpx+xml', 'application/xml', 'text/xml'];

const unsupportedMediaType = () =>
  new UnsupportedMediaType(`unsupported Content-Type; send the GPX file as ${GPX_MEDIA_TYPES.join(', ')}`);

/** The body as the OpenAPI document shows it: the GPX file's text, under any of its media types. */
const GpxBody = {
  content: Object.fromEntries(
    GPX_MEDIA_TYPES.map((type) => [
      type,
      {
        schema: {
          type: 'string',
          description: 'A GPX 1.0 or 1.1 file; its track points with a time become reports.',
          examples: [
            '<gpx version="1.1" creator="logger"><trk><trkseg><trkpt lat="14.9056" lon="-92.2633"><time>2024-01-12T14:00:00Z</time></trkpt></trkseg></trk></gpx>',
          ],
        },
      },
    ]),
  ),
};

/**
 * GPX import into one caravan: admins, editors, and reporters of that caravan (a GPS logger's
 * track of the days without signal is theirs to send, as its fixes one by one would be).
 */
const importGpxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Parsers of this plugin only: the file stays text until the caller is known, since reading
  // the XML is the costly part; every other type is refused with the types this route takes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(GPX_MEDIA_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedMediaType()));

  const importAnswer = withExample(GpxImportResult, exampleGpxImport);
  app.post(
    '/api/v1/caravans/:caravanId/import',
    {
      bodyLimit: GPX_BODY_LIMIT_BYTES,
      preHandler: app.requireRole('admin', 'editor', 'reporter'),
      schema: {
        tags: ['reports'],
        summary: 'Import a GPX file (reporters of the caravan, admins, editors)',
        description:
          'Each track point (`trk/trkseg/trkpt`) with a time becomes one report; speed is read from `<speed>` (GPX 1.0), ' +
          'Garmin’s `gpxtpx:speed` or OsmAnd’s `osmand:speed` (all m/s) into `speedKmh`. Waypoints (`wpt`, points of ' +
          'interest, even with a time) and route points (`rtept`, a plan) are never imported, only counted in ' +
          '`waypoints` and `routePoints`. Importing the same file again, by anyone, stores nothing new: its points are ' +
          'counted as duplicates.',
        security: SECURITY.bearer,
        params: CaravanParams,
        body: GpxBody,
        response: {
          201: { ...importAnswer, description: 'At least one point is new.' },
          200: { ...importAnswer, description: 'Nothing new.' },
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { caravanId } = request.params;
      const caravan = await caravanToPostTo(app.caravans, principal, caravanId, 'import into');
      if (typeof request.body !== 'string') throw unsupportedMediaType();
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
