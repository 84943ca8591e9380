import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, LIMITS } from '@rumbo/shared';
import type { FastifyReply } from 'fastify';
import { NotFound } from '../domain-errors';
import { trackCsv } from '../exports/track-csv';
import { trackGeoJson } from '../exports/track-geojson';
import { trackGpx } from '../exports/track-gpx';
import { STAFF_ROLES } from '../plugins/auth';
import { errorResponses, SECURITY } from './responses';

/** Exports can be as long as the whole history. */
const EXPORT_LIMIT = 1_000_000;

function attachment(reply: FastifyReply, fileName: string, type: string): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store');
}

/**
 * An export's answer, described for the OpenAPI document: a file of one media type, sent as
 * built (a string), so no serializer touches it.
 */
function fileResponse(mediaType: string, description: string, example: string) {
  return {
    200: { description, content: { [mediaType]: { schema: { type: 'string', examples: [example] } } } },
    ...errorResponses(400, 401, 403, 404),
  };
}

/** The track for GIS tools and spreadsheets: GeoJSON, GPX and CSV (staff). */
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const load = async (caravanId: string) => {
    const caravan = await app.caravans.get(caravanId);
    if (!caravan) throw new NotFound(`caravan ${caravanId}`);
    return { caravan, reports: await app.store.listReports(caravanId, { limit: Math.max(EXPORT_LIMIT, LIMITS.listMax) }) };
  };
  const options = (summary: string, response: ReturnType<typeof fileResponse>) => ({
    preHandler: app.requireRole(...STAFF_ROLES),
    schema: { tags: ['exports'], summary, security: SECURITY.bearer, params: CaravanParams, response },
  });

  app.get(
    '/api/v1/caravans/:caravanId/track.geojson',
    options(
      'The track as GeoJSON',
      fileResponse(
        'application/geo+json',
        'A FeatureCollection: the track as a LineString and each report as a Point.',
        '{"type":"FeatureCollection","features":[]}',
      ),
    ),
    async (request, reply) => {
      const { caravan, reports } = await load(request.params.caravanId);
      return attachment(reply, `${caravan.id}-track.geojson`, 'application/geo+json').send(
        JSON.stringify(trackGeoJson(caravan, reports)),
      );
    },
  );
  app.get(
    '/api/v1/caravans/:caravanId/track.gpx',
    options(
      'The track as GPX 1.1',
      fileResponse(
        'application/gpx+xml',
        'A GPX 1.1 file with one track.',
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Rumbo">…</gpx>',
      ),
    ),
    async (request, reply) => {
      const { caravan, reports } = await load(request.params.caravanId);
      return attachment(reply, `${caravan.id}-track.gpx`, 'application/gpx+xml; charset=utf-8').send(trackGpx(caravan, reports));
    },
  );
  app.get(
    '/api/v1/caravans/:caravanId/track.csv',
    options(
      'The track as CSV',
      fileResponse(
        'text/csv',
        'One row per report, with a header row.',
        'id,recordedAt,receivedAt,lng,lat,…\r\nr-1,2024-01-12T14:00:00.000Z,2024-01-12T14:00:05.000Z,-92.2633,14.9056,…\r\n',
      ),
    ),
    async (request, reply) => {
      const { caravan, reports } = await load(request.params.caravanId);
      return attachment(reply, `${caravan.id}-track.csv`, 'text/csv; charset=utf-8').send(trackCsv(reports));
    },
  );
};
export default exportRoutes;
