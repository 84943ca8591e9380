import type { Account } from '@rumbo/shared';

/** An account as stored: the public view plus the hashes of its secrets. */
export interface AccountRecord extends Account {
  tokenHash: string;
  /** Reporters only: the hash of the device id phone apps send. */
  deviceIdHash: string | null;
}

/**
 * Staff and reporter accounts. Two implementations, one contract, like the track store:
 * in Redis for production, in memory for the embedded default.
 */
export interface AccountStore {
  create(record: AccountRecord): Promise<void>;
  get(id: string): Promise<AccountRecord | null>;
  list(): Promise<AccountRecord[]>;
  /** Replaces the record (same id; secrets' hashes unchanged). */
  save(record: AccountRecord): Promise<void>;
  byTokenHash(tokenHash: string): Promise<AccountRecord | null>;
  byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null>;
}

/** The account without its secrets' hashes: what the API shows. */
export function publicAccount({ tokenHash: _token, deviceIdHash: _device, ...account }: AccountRecord): Account {
  return account;
}
