import { AccountPatch, ReporterInput, StaffInput, type AccountRole } from '@rumbo/shared';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { publicAccount } from '../accounts/account-store';
import { createAccount } from '../accounts/create-account';
import { notFound } from '../errors';
import { invalidInput } from '../validation';

const AccountParams = Type.Object(
  { accountId: Type.String({ pattern: '^[a-z]{3}-[0-9a-f]{10}$' }) },
  { additionalProperties: false },
);

/** Every caravan named must exist, and the current one must be among them: a 400 naming the field. */
async function checkCaravans(
  app: FastifyInstance,
  caravans: string[],
  currentCaravanId: string | null | undefined,
): Promise<void> {
  for (const [index, caravanId] of caravans.entries()) {
    if (!(await app.store.getCaravan(caravanId))) {
      throw invalidInput('invalid_account', [
        { field: `caravans.${index}`, rule: 'exists', message: `caravans.${index}: caravan ${caravanId} does not exist` },
      ]);
    }
  }
  if (currentCaravanId && !caravans.includes(currentCaravanId)) {
    throw invalidInput('invalid_account', [
      {
        field: 'currentCaravanId',
        rule: 'memberOf',
        message: 'currentCaravanId: must be one of the caravans the reporter may post to',
      },
    ]);
  }
}

/** Accounts (admin only): reporters for the field, editors and viewers for the newsroom. */
const accountRoutes: FastifyPluginAsync = async (app) => {
  const adminOnly = { preHandler: app.requireRole('admin') };

  app.post<{ Body: ReporterInput }>(
    '/api/v1/reporters',
    { ...adminOnly, schema: { body: ReporterInput } },
    async (request, reply) => {
      const { name, caravans, currentCaravanId } = request.body;
      await checkCaravans(app, caravans, currentCaravanId);
      const created = await createAccount(app.accounts, { name, role: 'reporter', caravans, currentCaravanId });
      request.log.info({ accountId: created.id }, 'reporter created');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.post<{ Body: StaffInput }>('/api/v1/staff', { ...adminOnly, schema: { body: StaffInput } }, async (request, reply) => {
    const created = await createAccount(app.accounts, { name: request.body.name, role: request.body.role });
    request.log.info({ accountId: created.id, role: created.role }, 'staff account created');
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  const listRoute = (path: string, roles: AccountRole[]) =>
    app.get(path, adminOnly, async () => {
      const accounts = await app.accounts.list();
      return {
        accounts: accounts
          .filter((account) => roles.includes(account.role))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map(publicAccount),
      };
    });
  listRoute('/api/v1/reporters', ['reporter']);
  listRoute('/api/v1/staff', ['editor', 'viewer']);

  const patchRoute = (path: string, roles: AccountRole[]) =>
    app.patch<{ Params: { accountId: string }; Body: AccountPatch }>(
      path,
      { ...adminOnly, schema: { params: AccountParams, body: AccountPatch } },
      async (request) => {
        const account = await app.accounts.get(request.params.accountId);
        if (!account || !roles.includes(account.role)) throw notFound(`account ${request.params.accountId}`);
        const { name, caravans, currentCaravanId, revoked } = request.body;
        if (account.role !== 'reporter' && (caravans || currentCaravanId !== undefined)) {
          throw invalidInput('invalid_account', [
            { field: 'caravans', rule: 'reporterOnly', message: 'caravans: only reporters are scoped to caravans' },
          ]);
        }
        const next = { ...account, ...(name ? { name } : {}), ...(caravans ? { caravans } : {}) };
        if (currentCaravanId !== undefined) next.currentCaravanId = currentCaravanId;
        if (caravans && next.currentCaravanId && !caravans.includes(next.currentCaravanId)) next.currentCaravanId = null;
        if (revoked !== undefined) next.revokedAt = revoked ? (account.revokedAt ?? new Date().toISOString()) : null;
        await checkCaravans(app, next.caravans, next.currentCaravanId);
        await app.accounts.save(next);
        request.log.info({ accountId: next.id, revoked: Boolean(next.revokedAt) }, 'account updated');
        return publicAccount(next);
      },
    );
  patchRoute('/api/v1/reporters/:accountId', ['reporter']);
  patchRoute('/api/v1/staff/:accountId', ['editor', 'viewer']);
};
export default accountRoutes;
