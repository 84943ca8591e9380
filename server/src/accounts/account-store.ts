import type { Account } from '@rumbo/shared';

/** An account as stored: the public view plus the hashes of its secrets. */
export interface AccountRecord extends Account {
  tokenHash: string;
  /** Reporters only: the hash of the device id phone apps send. */
  deviceIdHash: string | null;
}

/**
 * What a phone app last showed of itself, kept apart from the record so that a phone's traffic
 * never rewrites the account an admin may be changing at the same moment (a revocation).
 */
export type PhoneSignal = 'heartbeat' | 'fix';

/**
 * Staff and reporter accounts. Two implementations, one contract, like the track store:
 * in Redis for production, in memory for the embedded default. Records come back with the
 * latest phone signals (`lastHeartbeatAt`, `lastPhoneFixAt`) filled in.
 */
export interface AccountStore {
  create(record: AccountRecord): Promise<void>;
  get(id: string): Promise<AccountRecord | null>;
  list(): Promise<AccountRecord[]>;
  /** Replaces the record (same id; secrets' hashes unchanged; phone signals untouched). */
  save(record: AccountRecord): Promise<void>;
  byTokenHash(tokenHash: string): Promise<AccountRecord | null>;
  byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null>;
  /** Notes that a reporter's phone app sent a heartbeat, or a fix that was stored, at `at` (ISO 8601). */
  notePhoneSignal(accountId: string, signal: PhoneSignal, at: string): Promise<void>;
}

/** Where each phone signal shows on the account. */
export const SIGNAL_FIELD = { heartbeat: 'lastHeartbeatAt', fix: 'lastPhoneFixAt' } as const satisfies Record<
  PhoneSignal,
  keyof Account
>;

/** The account without its secrets' hashes: what the API shows. */
export function publicAccount({ tokenHash: _token, deviceIdHash: _device, ...account }: AccountRecord): Account {
  return account;
}
