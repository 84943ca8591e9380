import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanId, Report, ReportId } from '@rumbo/shared';
import { Type } from 'typebox';
import { NotFound } from '../domain-errors';
import { exampleReport } from './examples';
import { errorResponses, SECURITY, withExample } from './responses';

const Params = Type.Object({ caravanId: CaravanId, reportId: ReportId }, { additionalProperties: false });
const Body = Type.Object({ hidden: Type.Boolean() }, { additionalProperties: false });

/**
 * Moderation: editors hide a report from every view, or restore it. Nothing is ever deleted.
 * Every open dashboard hears of it at once (and the public projection never shows hidden ones).
 */
const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/api/v1/caravans/:caravanId/reports/:reportId',
    {
      preHandler: app.requireRole('admin', 'editor'),
      schema: {
        tags: ['reports'],
        summary: 'Hide a report from every view, or restore it',
        security: SECURITY.bearer,
        params: Params,
        body: withExample(Body, { hidden: true }),
        response: {
          200: withExample(Report, { ...exampleReport, hidden: true }),
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request) => {
      const { caravanId, reportId } = request.params;
      const caravan = await app.caravans.get(caravanId);
      if (!caravan) throw new NotFound(`caravan ${caravanId}`);
      const report = await app.store.setHidden(caravanId, reportId, request.body.hidden);
      if (!report) throw new NotFound(`report ${reportId} of caravan ${caravanId}`);
      request.log.info({ caravanId, reportId, hidden: report.hidden, by: request.principal!.id }, 'report moderated');
      await app.pushChanges(caravanId);
      return report;
    },
  );
};
export default moderationRoutes;
