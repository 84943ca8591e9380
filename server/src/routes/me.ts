import type { FastifyPluginAsync } from 'fastify';
import { STAFF_ROLES } from '../plugins/auth';

/** Who a token belongs to (any valid token), and the names behind reporter ids (staff). */
const meRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/me', { preHandler: app.requireRole('admin', 'editor', 'viewer', 'reporter') }, async (request) => {
    const { id, name, role, caravans } = request.principal!;
    return { id, name, role, ...(role === 'reporter' ? { caravans } : {}) };
  });

  // Staff see who sent each report; the ids in reports are stable, names can change.
  app.get('/api/v1/reporter-names', { preHandler: app.requireRole(...STAFF_ROLES) }, async () => {
    const names: Record<string, string> = { admin: 'Administrator', demo: 'Demo simulator' };
    for (const account of await app.accounts.list()) names[account.id] = account.name;
    return { names };
  });
};
export default meRoutes;
