import { CaravanId, ReportId } from '@rumbo/shared';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../errors';

const Params = Type.Object({ caravanId: CaravanId, reportId: ReportId }, { additionalProperties: false });
const Body = Type.Object({ hidden: Type.Boolean() }, { additionalProperties: false });

/**
 * Moderation: editors hide a report from every view, or restore it. Nothing is ever deleted.
 * Every open dashboard hears of it at once (and the public projection never shows hidden ones).
 */
const moderationRoutes: FastifyPluginAsync = async (app) => {
  app.patch<{ Params: { caravanId: string; reportId: string }; Body: { hidden: boolean } }>(
    '/api/v1/caravans/:caravanId/reports/:reportId',
    { preHandler: app.requireRole('admin', 'editor'), schema: { params: Params, body: Body } },
    async (request) => {
      const { caravanId, reportId } = request.params;
      const caravan = await app.store.getCaravan(caravanId);
      if (!caravan) throw notFound(`caravan ${caravanId}`);
      const report = await app.store.setHidden(caravanId, reportId, request.body.hidden);
      if (!report) throw notFound(`report ${reportId} of caravan ${caravanId}`);
      request.log.info({ caravanId, reportId, hidden: report.hidden, by: request.principal!.id }, 'report moderated');
      await app.changes.publish('report:moderated', { caravan, report });
      return report;
    },
  );
};
export default moderationRoutes;
