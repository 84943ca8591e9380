import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, IngestResult, LIMITS, ReportList } from '@rumbo/shared';
import { Type } from 'typebox';
import { caravanToPostTo, mayReadReport, type CaravanCaller } from '../accounts/caravan-access';
import { InvalidInput, NotFound } from '../domain-errors';
import { STAFF_ROLES } from '../plugins/auth';
import { exampleIngestResult, exampleReport } from './examples';
import { isBatch, ReportBody, reportBodyError } from './report-body';
import { errorResponses, SECURITY, withExample } from './responses';

const TimeBound = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })]);
const ReportsQuery = Type.Object(
  {
    since: Type.Optional(TimeBound),
    until: Type.Optional(TimeBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.listMax })),
  },
  { additionalProperties: false },
);

/**
 * The ingest result as this caller may see it: a stored report only where it may read it, so a
 * re-sent id of someone else's report says `duplicate` and nothing of that report.
 */
function answerFor(caller: CaravanCaller & { id: string }, result: IngestResult): IngestResult {
  return {
    ...result,
    accepted: result.accepted.map(({ id, duplicate, report }) =>
      report && mayReadReport(caller, report) ? { id, duplicate, report } : { id, duplicate },
    ),
  };
}

const toMs = (bound: string | number | undefined) =>
  bound === undefined ? undefined : typeof bound === 'number' ? bound : Date.parse(bound);

/** Reports of one caravan: post one or a batch (reporters of it, staff), list (staff). */
const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ingestAnswer = withExample(IngestResult, exampleIngestResult);
  app.post(
    '/api/v1/caravans/:caravanId/reports',
    {
      preHandler: app.requireRole('admin', 'editor', 'viewer', 'reporter'),
      schemaErrorFormatter: reportBodyError,
      schema: {
        tags: ['reports'],
        summary: 'Post one report or a batch (reporters of the caravan, admins, editors)',
        description:
          'One report refused answers 400; in a batch each item is judged on its own and refused items are listed by index. ' +
          'The same id twice stores one report (`duplicate: true`). A duplicate shows the stored report only to staff ' +
          'and to the reporter who posted it; anyone else gets `{ id, duplicate: true }` without `report`.',
        security: SECURITY.bearer,
        params: CaravanParams,
        body: ReportBody,
        response: {
          201: { ...ingestAnswer, description: 'At least one report is new.' },
          200: { ...ingestAnswer, description: 'Nothing new: every accepted report was a duplicate (or nothing was accepted).' },
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { caravanId } = request.params;
      const caravan = await caravanToPostTo(app.caravans, principal, caravanId, 'post reports to');
      const body = request.body;
      const items = isBatch(body) ? body.reports : [body];
      const result = await app.ingest(caravan, items, { reporterId: principal.id, source: 'api', receivedAt: new Date() });
      if (!isBatch(body) && result.rejected.length === 1) {
        // One report, refused: answer as any invalid request does, with its own message.
        const { error } = result.rejected[0]!;
        throw new InvalidInput(error.code, error.message, error.details);
      }
      const created = result.accepted.some((accepted) => !accepted.duplicate);
      // The answer is returned, not sent: returning the sent reply would make Fastify await it
      // (a promise and stream listeners on every request).
      reply.code(created ? 201 : 200);
      return answerFor(principal, result);
    },
  );

  app.get(
    '/api/v1/caravans/:caravanId/reports',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags: ['reports'],
        summary: 'Stored reports in fix-time order (staff)',
        security: SECURITY.bearer,
        params: CaravanParams,
        querystring: ReportsQuery,
        response: { 200: withExample(ReportList, { reports: [exampleReport] }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { caravanId } = request.params;
      if (!(await app.caravans.get(caravanId))) throw new NotFound(`caravan ${caravanId}`);
      const { since, until, limit = LIMITS.listDefault } = request.query;
      const reports = await app.store.listReports(caravanId, { sinceMs: toMs(since), untilMs: toMs(until), limit });
      return { reports };
    },
  );
};
export default reportRoutes;
