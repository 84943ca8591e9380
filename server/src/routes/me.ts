import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Me, ReporterNames } from '@rumbo/shared';
import { STAFF_ROLES } from '../plugins/auth';
import { errorResponses, SECURITY, withExample } from './responses';

/** Who a token belongs to (any valid token), and the names behind reporter ids (staff). */
const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/me',
    {
      preHandler: app.requireRole('admin', 'editor', 'viewer', 'reporter'),
      schema: {
        tags: ['accounts'],
        summary: 'Who this token belongs to',
        security: SECURITY.bearer,
        response: {
          200: withExample(Me, {
            id: 'rep-0a1b2c3d4e',
            name: 'Marta',
            role: 'reporter',
            caravans: ['caravana-2024-01'],
            caravanNames: { 'caravana-2024-01': 'Caravana de enero' },
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const { id, name, role, caravans } = request.principal!;
      if (role !== 'reporter') return { id, name, role };
      // The reporter page names where reports go; ids are for links, not for people.
      const caravanNames: Record<string, string> = {};
      for (const caravan of await Promise.all((caravans ?? []).map((caravanId) => app.caravans.get(caravanId))))
        if (caravan) caravanNames[caravan.id] = caravan.name;
      return { id, name, role, caravans, caravanNames };
    },
  );

  // Staff see who sent each report; the ids in reports are stable, names can change.
  app.get(
    '/api/v1/reporter-names',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags: ['accounts'],
        summary: 'Names behind the reporter ids in reports',
        security: SECURITY.bearer,
        response: {
          200: withExample(ReporterNames, { names: { admin: 'Administrator', 'rep-0a1b2c3d4e': 'Marta' } }),
          ...errorResponses(401, 403),
        },
      },
    },
    async () => {
      const names: Record<string, string> = { admin: 'Administrator', demo: 'Demo simulator' };
      for (const account of await app.accounts.list()) names[account.id] = account.name;
      return { names };
    },
  );
};
export default meRoutes;
