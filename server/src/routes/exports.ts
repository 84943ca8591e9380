import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams } from '@rumbo/shared';
import type { FastifyReply } from 'fastify';
import { NotFound } from '../domain-errors';
import { readingAhead, reportPages } from '../exports/report-pages';
import { trackCsv } from '../exports/track-csv';
import { trackGeoJson } from '../exports/track-geojson';
import { trackGpx } from '../exports/track-gpx';
import { STAFF_ROLES } from '../plugins/auth';
import { STREAMED_COMPRESSION } from '../plugins/compression';
import { errorResponses, SECURITY } from './responses';

/**
 * Sends a file as it is written, with backpressure: the next page is read from the store only
 * when the client has taken the last ones (a byte stream, so its buffer is counted in bytes).
 * Should writing fail after the first bytes left, Fastify destroys the response: the client sees
 * an aborted download, never a file that only looks complete.
 */
function sendFile(reply: FastifyReply, fileName: string, type: string, chunks: AsyncIterable<string>): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks, { objectMode: false }));
}

/**
 * An export's answer, described for the OpenAPI document: a file of one media type, streamed as
 * it is written, so no serializer touches it.
 */
function fileResponse(mediaType: string, description: string, example: string) {
  return {
    200: { description, content: { [mediaType]: { schema: { type: 'string', examples: [example] } } } },
    ...errorResponses(400, 401, 403, 404),
  };
}

/** The whole track for GIS tools and spreadsheets: GeoJSON, GPX and CSV (staff), streamed. */
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const caravanOf = async (caravanId: string) => {
    const caravan = await app.caravans.get(caravanId);
    if (!caravan) throw new NotFound(`caravan ${caravanId}`);
    return caravan;
  };
  const options = (summary: string, response: ReturnType<typeof fileResponse>) => ({
    preHandler: app.requireRole(...STAFF_ROLES),
    compress: STREAMED_COMPRESSION,
    schema: { tags: ['exports'], summary, security: SECURITY.bearer, params: CaravanParams, response },
  });

  app.get(
    '/api/v1/caravans/:caravanId/track.geojson',
    options(
      'The track as GeoJSON',
      fileResponse(
        'application/geo+json',
        'An RFC 7946 FeatureCollection: the track as a LineString (when it has two fixes or more), then each report as a Point; the caravan in the foreign members `caravan` and `exportedAt`.',
        '{"type":"FeatureCollection","caravan":{"id":"norte","name":"Caravana"},"exportedAt":"2024-01-12T15:00:00.000Z","features":[]}',
      ),
    ),
    async (request, reply) => {
      const caravan = await caravanOf(request.params.caravanId);
      const linePages = await readingAhead(reportPages(app.store, caravan.id));
      const file = trackGeoJson(caravan, linePages, reportPages(app.store, caravan.id));
      return sendFile(reply, `${caravan.id}-track.geojson`, 'application/geo+json', file);
    },
  );
  app.get(
    '/api/v1/caravans/:caravanId/track.gpx',
    options(
      'The track as GPX 1.1',
      fileResponse(
        'application/gpx+xml',
        'A GPX 1.1 file with one track of the visible, unflagged fixes, valid against the GPX 1.1 schema.',
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Rumbo">…</gpx>',
      ),
    ),
    async (request, reply) => {
      const caravan = await caravanOf(request.params.caravanId);
      const pages = await readingAhead(reportPages(app.store, caravan.id));
      return sendFile(reply, `${caravan.id}-track.gpx`, 'application/gpx+xml; charset=utf-8', trackGpx(caravan, pages));
    },
  );
  app.get(
    '/api/v1/caravans/:caravanId/track.csv',
    options(
      'The track as CSV',
      fileResponse(
        'text/csv',
        'One row per report, with a header row; UTF-8 with a byte order mark.',
        '\uFEFFid,recordedAt,receivedAt,lng,lat,…\r\nr-1,2024-01-12T14:00:00.000Z,2024-01-12T14:00:05.000Z,-92.2633,14.9056,…\r\n',
      ),
    ),
    async (request, reply) => {
      const caravan = await caravanOf(request.params.caravanId);
      const pages = await readingAhead(reportPages(app.store, caravan.id));
      return sendFile(reply, `${caravan.id}-track.csv`, 'text/csv; charset=utf-8', trackCsv(pages));
    },
  );
};
export default exportRoutes;
