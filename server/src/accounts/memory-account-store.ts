import type { AccountRecord, AccountStore } from './account-store';

/** Accounts in this process's memory: the embedded store's companion. */
export class MemoryAccountStore implements AccountStore {
  private readonly byId = new Map<string, AccountRecord>();
  private readonly tokenIndex = new Map<string, string>();
  private readonly deviceIndex = new Map<string, string>();

  async create(record: AccountRecord): Promise<void> {
    this.byId.set(record.id, structuredClone(record));
    this.tokenIndex.set(record.tokenHash, record.id);
    if (record.deviceIdHash) this.deviceIndex.set(record.deviceIdHash, record.id);
  }

  async get(id: string): Promise<AccountRecord | null> {
    const record = this.byId.get(id);
    return record ? structuredClone(record) : null;
  }

  async list(): Promise<AccountRecord[]> {
    return [...this.byId.values()].map((record) => structuredClone(record));
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
}
