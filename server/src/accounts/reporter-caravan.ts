import type { AccountRecord } from './account-store';

/**
 * Where a phone app's reports go: a reporter's only caravan, or the one its admin marked
 * current. Null when it may post to several and none is marked.
 */
export function reporterCaravan(account: AccountRecord): string | null {
  if (account.currentCaravanId && account.caravans.includes(account.currentCaravanId)) return account.currentCaravanId;
  return account.caravans.length === 1 ? account.caravans[0]! : null;
}
