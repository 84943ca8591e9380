import type { AccountCreated } from '@rumbo/shared';
import type { App } from '../../src/app';
import { adminHeaders } from '../helper';

/** Creates a reporter through the API, as an admin would; returns its one-time secrets too. */
export async function createReporter(app: App, caravans: string[], currentCaravanId?: string): Promise<AccountCreated> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/reporters',
    headers: adminHeaders,
    payload: { name: 'Reporter on the road', caravans, ...(currentCaravanId ? { currentCaravanId } : {}) },
  });
  if (response.statusCode !== 201) throw new Error(`creating reporter: ${response.statusCode} ${response.body}`);
  return response.json<AccountCreated>();
}

/** Revokes (true) or restores (false) an account's credentials, as the admin. */
export async function setRevoked(app: App, accountId: string, revoked: boolean): Promise<void> {
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/v1/reporters/${accountId}`,
    headers: adminHeaders,
    payload: { revoked },
  });
  if (response.statusCode !== 200) throw new Error(`revoking ${accountId}: ${response.statusCode} ${response.body}`);
}
