import type { AccountCreated, AccountRole } from '@rumbo/shared';
import { publicAccount, type AccountRecord, type AccountStore } from './account-store';
import { hashSecret, newAccountId, newDeviceId, newToken } from './secrets';

export interface NewAccount {
  name: string;
  role: AccountRole;
  caravans?: string[];
  currentCaravanId?: string;
}

/**
 * Creates an account with fresh secrets and stores only their hashes. The answer is the one
 * and only time the token (and a reporter's device id) can be seen.
 */
export async function createAccount(accounts: AccountStore, input: NewAccount, now = new Date()): Promise<AccountCreated> {
  const token = newToken();
  const deviceId = input.role === 'reporter' ? newDeviceId() : null;
  const caravans = input.role === 'reporter' ? (input.caravans ?? []) : [];
  const record: AccountRecord = {
    id: newAccountId(input.role),
    name: input.name,
    role: input.role,
    caravans,
    currentCaravanId: input.currentCaravanId ?? (caravans.length === 1 ? caravans[0]! : null),
    createdAt: now.toISOString(),
    revokedAt: null,
    lastHeartbeatAt: null,
    lastPhoneFixAt: null,
    tokenHash: hashSecret(token),
    deviceIdHash: deviceId ? hashSecret(deviceId) : null,
  };
  await accounts.create(record);
  return { ...publicAccount(record), token, deviceId };
}
