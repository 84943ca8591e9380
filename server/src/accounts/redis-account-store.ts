import type { Redis } from 'ioredis';
import type { AccountRecord, AccountStore } from './account-store';

const KEYS = {
  /** hash: account id → record JSON */
  accounts: 'rumbo:accounts',
  /** hash: token hash → account id */
  tokens: 'rumbo:accounts:tokens',
  /** hash: device id hash → account id */
  devices: 'rumbo:accounts:devices',
} as const;

const parse = (json: string | null) => (json ? (JSON.parse(json) as AccountRecord) : null);

/** Accounts in Redis, sharing the track store's connection. */
export class RedisAccountStore implements AccountStore {
  constructor(private readonly redis: Redis) {}

  async create(record: AccountRecord): Promise<void> {
    const transaction = this.redis
      .multi()
      .hset(KEYS.accounts, record.id, JSON.stringify(record))
      .hset(KEYS.tokens, record.tokenHash, record.id);
    if (record.deviceIdHash) transaction.hset(KEYS.devices, record.deviceIdHash, record.id);
    await transaction.exec();
  }

  async get(id: string): Promise<AccountRecord | null> {
    return parse(await this.redis.hget(KEYS.accounts, id));
  }

  async list(): Promise<AccountRecord[]> {
    return Object.values(await this.redis.hgetall(KEYS.accounts)).map((json) => JSON.parse(json) as AccountRecord);
  }

  async save(record: AccountRecord): Promise<void> {
    await this.redis.hset(KEYS.accounts, record.id, JSON.stringify(record));
  }

  async byTokenHash(tokenHash: string): Promise<AccountRecord | null> {
    const id = await this.redis.hget(KEYS.tokens, tokenHash);
    return id ? this.get(id) : null;
  }

  async byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null> {
    const id = await this.redis.hget(KEYS.devices, deviceIdHash);
    return id ? this.get(id) : null;
  }
}
