import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountCreated, AccountList, AccountPatch, Account, ReporterInput, StaffInput } from '@rumbo/shared';
import { Type } from 'typebox';
import { ACCOUNT_ID_PATTERN } from '../accounts/account-id';
import { accountsOfKind, checkReporterCaravans, isOfKind, patchedAccount, type AccountKind } from '../accounts/account-rules';
import { publicAccount } from '../accounts/account-store';
import { createAccount } from '../accounts/create-account';
import { NotFound } from '../domain-errors';
import { exampleAccount, exampleAccountCreated } from './examples';
import { errorResponses, SECURITY, withExample } from './responses';

const AccountParams = Type.Object({ accountId: Type.String({ pattern: ACCOUNT_ID_PATTERN }) }, { additionalProperties: false });

const exampleEditor = {
  ...exampleAccount,
  id: 'stf-5f6e7d8c9b',
  name: 'Lucía',
  role: 'editor' as const,
  caravans: [],
  currentCaravanId: null,
  lastHeartbeatAt: null,
  lastPhoneFixAt: null,
};

/** Accounts (admin only): reporters for the field, editors and viewers for the newsroom. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = { preHandler: app.requireRole('admin') };
  const caravanExists = async (caravanId: string) => (await app.caravans.get(caravanId)) !== null;
  const docs = (summary: string) => ({ tags: ['accounts'], summary, security: SECURITY.bearer });
  const created201 = (example: AccountCreated) => ({
    201: { ...withExample(AccountCreated, example), description: 'Created; the only answer that shows the secrets.' },
    ...errorResponses(400, 401, 403, 413, 415),
  });

  app.post(
    '/api/v1/reporters',
    {
      ...adminOnly,
      schema: {
        ...docs('Create a reporter (its token and device id are shown once)'),
        body: withExample(ReporterInput, { name: 'Marta', caravans: ['caravana-2024-01'] }),
        response: created201(exampleAccountCreated),
      },
    },
    async (request, reply) => {
      const { name, caravans, currentCaravanId } = request.body;
      await checkReporterCaravans(caravanExists, caravans, currentCaravanId);
      const created = await createAccount(app.accounts, { name, role: 'reporter', caravans, currentCaravanId });
      request.log.info({ accountId: created.id }, 'reporter created');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.post(
    '/api/v1/staff',
    {
      ...adminOnly,
      schema: {
        ...docs('Create an editor or viewer (its token is shown once)'),
        body: withExample(StaffInput, { name: 'Lucía', role: 'editor' }),
        response: created201({ ...exampleEditor, token: exampleAccountCreated.token, deviceId: null }),
      },
    },
    async (request, reply) => {
      const created = await createAccount(app.accounts, { name: request.body.name, role: request.body.role });
      request.log.info({ accountId: created.id, role: created.role }, 'staff account created');
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  const listRoute = (path: string, kind: AccountKind, example: Account) =>
    app.get(
      path,
      {
        ...adminOnly,
        schema: {
          ...docs(`List ${kind === 'reporter' ? 'reporters' : 'staff accounts'}, oldest first`),
          response: { 200: withExample(AccountList, { accounts: [example] }), ...errorResponses(401, 403) },
        },
      },
      async () => ({ accounts: (await accountsOfKind(app.accounts, kind)).map(publicAccount) }),
    );
  listRoute('/api/v1/reporters', 'reporter', exampleAccount);
  listRoute('/api/v1/staff', 'staff', exampleEditor);

  const patchRoute = (path: string, kind: AccountKind, example: Account) =>
    app.patch(
      path,
      {
        ...adminOnly,
        schema: {
          ...docs(
            `Change ${kind === 'reporter' ? 'a reporter (name, caravans, current caravan)' : 'a staff account'}, or revoke it`,
          ),
          params: AccountParams,
          body: withExample(AccountPatch, { revoked: true }),
          response: {
            200: withExample(Account, { ...example, revokedAt: '2024-01-20T09:00:00.000Z' }),
            ...errorResponses(400, 401, 403, 404, 413, 415),
          },
        },
      },
      async (request) => {
        const account = await app.accounts.get(request.params.accountId);
        if (!account || !isOfKind(account, kind)) throw new NotFound(`account ${request.params.accountId}`);
        const next = patchedAccount(account, request.body);
        await checkReporterCaravans(caravanExists, next.caravans, next.currentCaravanId);
        await app.accounts.save(next);
        // Its open newsroom sockets, on every instance, are checked against the change now.
        await app.changes.publish('account:changed', { accountId: next.id });
        request.log.info({ accountId: next.id, revoked: Boolean(next.revokedAt) }, 'account updated');
        return publicAccount(next);
      },
    );
  patchRoute('/api/v1/reporters/:accountId', 'reporter', exampleAccount);
  patchRoute('/api/v1/staff/:accountId', 'staff', exampleEditor);
};
export default accountRoutes;
