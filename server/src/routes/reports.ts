import { LIMITS } from '@rumbo/shared';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { HttpError, forbidden, notFound } from '../errors';
import { STAFF_ROLES, type Principal } from '../plugins/auth';
import { reportItems } from '../services/ingest';
import { CaravanParams } from './caravans';

const TimeBound = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })]);
const ReportsQuery = Type.Object(
  {
    since: Type.Optional(TimeBound),
    until: Type.Optional(TimeBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.listMax })),
  },
  { additionalProperties: false },
);

const toMs = (bound: string | number | undefined) =>
  bound === undefined ? undefined : typeof bound === 'number' ? bound : Date.parse(bound);

function mayPost(principal: Principal, caravanId: string): boolean {
  if (STAFF_ROLES.includes(principal.role)) return principal.role !== 'viewer';
  return principal.caravans?.includes(caravanId) ?? false;
}

/** Reports of one caravan: post one or a batch (reporters of it, staff), list (staff). */
const reportRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { caravanId: string } }>(
    '/api/v1/caravans/:caravanId/reports',
    { preHandler: app.requireRole('admin', 'editor', 'viewer', 'reporter'), schema: { params: CaravanParams } },
    async (request, reply) => {
      const principal = request.principal!;
      const { caravanId } = request.params;
      if (!mayPost(principal, caravanId)) throw forbidden(`this token may not post reports to caravan ${caravanId}`);
      const caravan = await app.caravans.get(caravanId);
      if (!caravan) throw notFound(`caravan ${caravanId}`);
      const { items, batch } = reportItems(request.body);
      const result = await app.ingest(caravan, items, { reporterId: principal.id, source: 'api', receivedAt: new Date() });
      if (!batch && result.rejected.length === 1) {
        // One report, refused: answer as any invalid request does, with its own message.
        const { error } = result.rejected[0]!;
        throw new HttpError(400, error.code, error.message, error.details);
      }
      const created = result.accepted.some((accepted) => !accepted.duplicate);
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.get<{ Params: { caravanId: string }; Querystring: { since?: string | number; until?: string | number; limit?: number } }>(
    '/api/v1/caravans/:caravanId/reports',
    { preHandler: app.requireRole(...STAFF_ROLES), schema: { params: CaravanParams, querystring: ReportsQuery } },
    async (request) => {
      const { caravanId } = request.params;
      if (!(await app.store.getCaravan(caravanId))) throw notFound(`caravan ${caravanId}`);
      const { since, until, limit = LIMITS.listDefault } = request.query;
      const reports = await app.store.listReports(caravanId, { sinceMs: toMs(since), untilMs: toMs(until), limit });
      return { reports };
    },
  );
};
export default reportRoutes;
