import { LIMITS } from '@rumbo/shared';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { notFound } from '../errors';
import { trackCsv } from '../exports/track-csv';
import { trackGeoJson } from '../exports/track-geojson';
import { trackGpx } from '../exports/track-gpx';
import { STAFF_ROLES } from '../plugins/auth';
import { CaravanParams } from './caravans';

/** Exports can be as long as the whole history. */
const EXPORT_LIMIT = 1_000_000;

function attachment(reply: FastifyReply, fileName: string, type: string): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store');
}

/** The track for GIS tools and spreadsheets: GeoJSON, GPX and CSV (staff). */
const exportRoutes: FastifyPluginAsync = async (app) => {
  const load = async (caravanId: string) => {
    const caravan = await app.store.getCaravan(caravanId);
    if (!caravan) throw notFound(`caravan ${caravanId}`);
    return { caravan, reports: await app.store.listReports(caravanId, { limit: Math.max(EXPORT_LIMIT, LIMITS.listMax) }) };
  };
  const options = { preHandler: app.requireRole(...STAFF_ROLES), schema: { params: CaravanParams } };

  app.get<{ Params: { caravanId: string } }>('/api/v1/caravans/:caravanId/track.geojson', options, async (request, reply) => {
    const { caravan, reports } = await load(request.params.caravanId);
    return attachment(reply, `${caravan.id}-track.geojson`, 'application/geo+json').send(
      JSON.stringify(trackGeoJson(caravan, reports)),
    );
  });
  app.get<{ Params: { caravanId: string } }>('/api/v1/caravans/:caravanId/track.gpx', options, async (request, reply) => {
    const { caravan, reports } = await load(request.params.caravanId);
    return attachment(reply, `${caravan.id}-track.gpx`, 'application/gpx+xml; charset=utf-8').send(trackGpx(caravan, reports));
  });
  app.get<{ Params: { caravanId: string } }>('/api/v1/caravans/:caravanId/track.csv', options, async (request, reply) => {
    const { caravan, reports } = await load(request.params.caravanId);
    return attachment(reply, `${caravan.id}-track.csv`, 'text/csv; charset=utf-8').send(trackCsv(reports));
  });
};
export default exportRoutes;
