import { timingSafeEqual } from 'node:crypto';
import type { AccountRecord, AccountStore } from './account-store';
import { hashSecret } from './secrets';

const activeReporter = (account: AccountRecord | null) =>
  account && account.role === 'reporter' && !account.revokedAt ? account : null;

/** The active reporter a phone app's device id belongs to (OsmAnd, Traccar Client), or null. */
export async function reporterByDeviceId(accounts: AccountStore, deviceId: string): Promise<AccountRecord | null> {
  return activeReporter(await accounts.byDeviceIdHash(hashSecret(deviceId)));
}

/**
 * The active reporter whose id is `accountId` and whose token is `password` (OwnTracks' HTTP
 * Basic auth), or null. The hashes are compared in constant time.
 */
export async function reporterByPassword(
  accounts: AccountStore,
  accountId: string,
  password: string,
): Promise<AccountRecord | null> {
  const account = await accounts.get(accountId);
  if (!account) return null;
  const given = Buffer.from(hashSecret(password), 'hex');
  const stored = Buffer.from(account.tokenHash, 'hex');
  const matches = given.length === stored.length && timingSafeEqual(given, stored);
  return matches ? activeReporter(account) : null;
}
