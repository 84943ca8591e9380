import { SIGNAL_FIELD, type AccountRecord, type AccountStore, type PhoneSignal } from './account-store';

/** Accounts in this process's memory: the embedded store's companion. */
export class MemoryAccountStore implements AccountStore {
  private readonly byId = new Map<string, AccountRecord>();
  private readonly tokenIndex = new Map<string, string>();
  private readonly deviceIndex = new Map<string, string>();
  private readonly signals = new Map<string, Partial<Record<PhoneSignal, string>>>();

  async create(record: AccountRecord): Promise<void> {
    this.byId.set(record.id, structuredClone(record));
    this.tokenIndex.set(record.tokenHash, record.id);
    if (record.deviceIdHash) this.deviceIndex.set(record.deviceIdHash, record.id);
  }

  async get(id: string): Promise<AccountRecord | null> {
    const record = this.byId.get(id);
    return record ? this.withSignals(record) : null;
  }

  async list(): Promise<AccountRecord[]> {
    return [...this.byId.values()].map((record) => this.withSignals(record));
  }

  async save(record: AccountRecord): Promise<void> {
    this.byId.set(record.id, structuredClone(record));
  }

  async byTokenHash(tokenHash: string): Promise<AccountRecord | null> {
    const id = this.tokenIndex.get(tokenHash);
    return id ? this.get(id) : null;
  }

  async byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null> {
    const id = this.deviceIndex.get(deviceIdHash);
    return id ? this.get(id) : null;
  }

  async notePhoneSignal(accountId: string, signal: PhoneSignal, at: string): Promise<void> {
    this.signals.set(accountId, { ...this.signals.get(accountId), [signal]: at });
  }

  private withSignals(record: AccountRecord): AccountRecord {
    const signals = this.signals.get(record.id);
    return {
      ...structuredClone(record),
      [SIGNAL_FIELD.heartbeat]: signals?.heartbeat ?? null,
      [SIGNAL_FIELD.fix]: signals?.fix ?? null,
    };
  }
}
