import type { AccountPatch, AccountRole } from '@rumbo/shared';
import { type InvalidInput } from '../domain-errors';
import { invalidInput } from '../validation';
import type { AccountRecord, AccountStore } from './account-store';

/**
 * The rules every way of managing accounts applies (the API and the CLI): which roles a kind of
 * account has, which caravans a reporter may be scoped to, what a change and a revocation do.
 */

/** Reporters post from the field; staff (editors, viewers) work in the newsroom. */
export const ROLES_OF_KIND = {
  reporter: ['reporter'],
  staff: ['editor', 'viewer'],
} as const satisfies Record<string, readonly AccountRole[]>;
export type AccountKind = keyof typeof ROLES_OF_KIND;

export const isOfKind = (account: AccountRecord, kind: AccountKind) =>
  (ROLES_OF_KIND[kind] as readonly AccountRole[]).includes(account.role);

/** The accounts of one kind, oldest first. */
export async function accountsOfKind(accounts: AccountStore, kind: AccountKind): Promise<AccountRecord[]> {
  const all = await accounts.list();
  return all.filter((account) => isOfKind(account, kind)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const accountProblem = (field: string, rule: string, message: string): InvalidInput =>
  invalidInput('invalid_account', [{ field, rule, message: `${field}: ${message}` }]);

/** Every caravan a reporter is scoped to must exist, and its current one must be among them. */
export async function checkReporterCaravans(
  caravanExists: (caravanId: string) => Promise<boolean>,
  caravans: readonly string[],
  currentCaravanId: string | null | undefined,
): Promise<void> {
  for (const [index, caravanId] of caravans.entries()) {
    if (!(await caravanExists(caravanId))) {
      throw accountProblem(`caravans.${index}`, 'exists', `caravan ${caravanId} does not exist`);
    }
  }
  if (currentCaravanId && !caravans.includes(currentCaravanId)) {
    throw accountProblem('currentCaravanId', 'memberOf', 'must be one of the caravans the reporter may post to');
  }
}

/**
 * The account after a change. Only reporters are scoped to caravans; a new set of caravans that
 * leaves out the current one clears it. Revoking keeps the first revocation's time; restoring
 * clears it. The caller checks the caravans (`checkReporterCaravans`) before saving.
 */
export function patchedAccount(account: AccountRecord, patch: AccountPatch, now = new Date()): AccountRecord {
  const { name, caravans, currentCaravanId, revoked } = patch;
  if (account.role !== 'reporter' && (caravans || currentCaravanId !== undefined)) {
    throw accountProblem('caravans', 'reporterOnly', 'only reporters are scoped to caravans');
  }
  const next = { ...account, ...(name ? { name } : {}), ...(caravans ? { caravans } : {}) };
  if (currentCaravanId !== undefined) next.currentCaravanId = currentCaravanId;
  if (caravans && next.currentCaravanId && !caravans.includes(next.currentCaravanId)) next.currentCaravanId = null;
  if (revoked !== undefined) next.revokedAt = revoked ? (account.revokedAt ?? now.toISOString()) : null;
  return next;
}
