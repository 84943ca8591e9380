import type { Redis } from 'ioredis';
import { SIGNAL_FIELD, type AccountRecord, type AccountStore, type PhoneSignal } from './account-store';

const KEYS = {
  /** hash: account id → record JSON */
  accounts: 'rumbo:accounts',
  /** hash: token hash → account id */
  tokens: 'rumbo:accounts:tokens',
  /** hash: device id hash → account id */
  devices: 'rumbo:accounts:devices',
  /** hashes: account id → when its phone app last sent that signal (ISO 8601) */
  signals: { heartbeat: 'rumbo:accounts:last-heartbeat', fix: 'rumbo:accounts:last-phone-fix' },
} as const;

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
    const [json, heartbeat, fix] = await Promise.all([
      this.redis.hget(KEYS.accounts, id),
      this.redis.hget(KEYS.signals.heartbeat, id),
      this.redis.hget(KEYS.signals.fix, id),
    ]);
    return json ? withSignals(json, heartbeat, fix) : null;
  }

  async list(): Promise<AccountRecord[]> {
    const [records, heartbeats, fixes] = await Promise.all([
      this.redis.hgetall(KEYS.accounts),
      this.redis.hgetall(KEYS.signals.heartbeat),
      this.redis.hgetall(KEYS.signals.fix),
    ]);
    return Object.entries(records).map(([id, json]) => withSignals(json, heartbeats[id] ?? null, fixes[id] ?? null));
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

  async notePhoneSignal(accountId: string, signal: PhoneSignal, at: string): Promise<void> {
    await this.redis.hset(KEYS.signals[signal], accountId, at);
  }
}

/** A stored record with the phone signals, which live apart from it, in their fields. */
function withSignals(json: string, heartbeat: string | null, fix: string | null): AccountRecord {
  return { ...(JSON.parse(json) as AccountRecord), [SIGNAL_FIELD.heartbeat]: heartbeat, [SIGNAL_FIELD.fix]: fix };
}
