import type { AccountRecord, AccountStore, PhoneSignal } from './account-store';

/**
 * How long an account found by a secret serves requests before it is read again. Changes made
 * through the API reach every instance's cache at once through `forget` (the change feed's
 * account:changed signal); this bounds how stale one can be when that message is lost (Redis
 * pub/sub keeps nothing) or when the change came from elsewhere (the CLI).
 */
export const ACCOUNT_MAX_AGE_MS = 5_000;

/** Secrets remembered at most; beyond, the oldest go first (every one of them is read again when used). */
const MAX_ENTRIES = 10_000;

export interface CachedAccountStoreOptions {
  maxAgeMs?: number;
  /** Milliseconds from any fixed point; tests pass their own clock. */
  now?: () => number;
}

/** Freezes the record and its caravans: a cached record is shared by every request. */
function frozen(record: AccountRecord): AccountRecord {
  Object.freeze(record.caravans);
  return Object.freeze(record);
}

/**
 * The account store, with the lookups every authenticated request makes (a bearer token's hash, a
 * phone's device id hash) answered from this process: without it each request read Redis first,
 * one script (it was four commands) before any work. A change through this store is forgotten at
 * once here; one made on another instance arrives as `forget` (see changes/effects.ts). A secret
 * that is nobody's is not remembered: an account created on another instance works at once.
 * Records found by a secret carry their phone signals as read then, up to `maxAgeMs` old; `get`
 * and `list` read the store every time.
 */
export class CachedAccountStore implements AccountStore {
  private readonly bySecret = new Map<string, { record: AccountRecord; readAtMs: number }>();
  /** Counts forgets: a read that a forget overtook may have read the old record, so it is not kept. */
  private forgets = 0;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: AccountStore,
    { maxAgeMs = ACCOUNT_MAX_AGE_MS, now = () => performance.now() }: CachedAccountStoreOptions = {},
  ) {
    this.maxAgeMs = maxAgeMs;
    this.now = now;
  }

  byTokenHash(tokenHash: string): Promise<AccountRecord | null> {
    return this.lookup(`t${tokenHash}`, () => this.store.byTokenHash(tokenHash));
  }

  /**
   * The account of a token hash when this process holds it fresh, without a promise (the path every
   * authenticated request takes); undefined when it must be read (byTokenHash reads it).
   */
  knownByTokenHash(tokenHash: string): AccountRecord | undefined {
    return this.fresh(`t${tokenHash}`);
  }

  byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null> {
    return this.lookup(`d${deviceIdHash}`, () => this.store.byDeviceIdHash(deviceIdHash));
  }

  /** The account changed in the store: every secret of it is read again from the next lookup on. */
  forget(accountId: string): void {
    this.forgets++;
    for (const [key, entry] of this.bySecret) if (entry.record.id === accountId) this.bySecret.delete(key);
  }

  async create(record: AccountRecord): Promise<void> {
    try {
      await this.store.create(record);
    } finally {
      this.forget(record.id);
    }
  }

  async save(record: AccountRecord): Promise<void> {
    try {
      await this.store.save(record);
    } finally {
      this.forget(record.id);
    }
  }

  get(id: string): Promise<AccountRecord | null> {
    return this.store.get(id);
  }

  list(): Promise<AccountRecord[]> {
    return this.store.list();
  }

  notePhoneSignal(accountId: string, signal: PhoneSignal, at: string): Promise<void> {
    return this.store.notePhoneSignal(accountId, signal, at);
  }

  private lookup(key: string, read: () => Promise<AccountRecord | null>): Promise<AccountRecord | null> {
    const record = this.fresh(key);
    return record ? Promise.resolve(record) : this.read(key, read);
  }

  private fresh(key: string): AccountRecord | undefined {
    const entry = this.bySecret.get(key);
    return entry && this.now() - entry.readAtMs < this.maxAgeMs ? entry.record : undefined;
  }

  private async read(key: string, read: () => Promise<AccountRecord | null>): Promise<AccountRecord | null> {
    const forgetsBefore = this.forgets;
    const readAtMs = this.now();
    const record = await read();
    if (!record) {
      this.bySecret.delete(key);
      return null;
    }
    if (this.forgets === forgetsBefore) {
      this.bySecret.delete(key); // re-inserted last: the map's order is the order of reads
      this.bySecret.set(key, { record: frozen(record), readAtMs });
      if (this.bySecret.size > MAX_ENTRIES) this.bySecret.delete(this.bySecret.keys().next().value!);
    }
    return record;
  }
}
