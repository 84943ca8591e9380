import type { Redis } from 'ioredis';
import { SIGNAL_FIELD, type AccountRecord, type AccountStore, type PhoneSignal } from './account-store';

export const ACCOUNT_KEYS = {
  /** hash: account id → record JSON */
  accounts: 'rumbo:accounts',
  /** hash: token hash → account id */
  tokens: 'rumbo:accounts:tokens',
  /** hash: device id hash → account id */
  devices: 'rumbo:accounts:devices',
  /** hashes: account id → when its phone app last sent that signal (ISO 8601) */
  signals: { heartbeat: 'rumbo:accounts:last-heartbeat', fix: 'rumbo:accounts:last-phone-fix' },
} as const;

/**
 * The record a secret's hash belongs to, with its phone signals, in one step: the lookup every
 * authenticated request makes (a token, a device id). As two round trips, an index read and then
 * the record's three fields, it cost four commands a request.
 * KEYS: the index (hash → account id), accounts, last heartbeats, last phone fixes
 * ARGV: the hash
 * Returns { record JSON, heartbeat or false, fix or false }, or nil when the hash is nobody's
 */
const BY_SECRET_HASH_LUA = `
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return nil end
local json = redis.call('HGET', KEYS[2], id)
if not json then return nil end
return { json, redis.call('HGET', KEYS[3], id), redis.call('HGET', KEYS[4], id) }`;

type BySecretHash = (
  index: string,
  accounts: string,
  heartbeats: string,
  fixes: string,
  hash: string,
) => Promise<[string, string | null, string | null] | null>;

/** Accounts in Redis, sharing the track store's connection. */
export class RedisAccountStore implements AccountStore {
  private readonly bySecretHash: BySecretHash;

  constructor(private readonly redis: Redis) {
    if (!('rumboAccountBySecretHash' in redis))
      redis.defineCommand('rumboAccountBySecretHash', { numberOfKeys: 4, lua: BY_SECRET_HASH_LUA });
    const commands = redis as unknown as { rumboAccountBySecretHash: BySecretHash };
    this.bySecretHash = (...args) => commands.rumboAccountBySecretHash(...args);
  }

  async create(record: AccountRecord): Promise<void> {
    const transaction = this.redis
      .multi()
      .hset(ACCOUNT_KEYS.accounts, record.id, JSON.stringify(record))
      .hset(ACCOUNT_KEYS.tokens, record.tokenHash, record.id);
    if (record.deviceIdHash) transaction.hset(ACCOUNT_KEYS.devices, record.deviceIdHash, record.id);
    await transaction.exec();
  }

  async get(id: string): Promise<AccountRecord | null> {
    const [json, heartbeat, fix] = await Promise.all([
      this.redis.hget(ACCOUNT_KEYS.accounts, id),
      this.redis.hget(ACCOUNT_KEYS.signals.heartbeat, id),
      this.redis.hget(ACCOUNT_KEYS.signals.fix, id),
    ]);
    return json ? withSignals(json, heartbeat, fix) : null;
  }

  async list(): Promise<AccountRecord[]> {
    const [records, heartbeats, fixes] = await Promise.all([
      this.redis.hgetall(ACCOUNT_KEYS.accounts),
      this.redis.hgetall(ACCOUNT_KEYS.signals.heartbeat),
      this.redis.hgetall(ACCOUNT_KEYS.signals.fix),
    ]);
    return Object.entries(records).map(([id, json]) => withSignals(json, heartbeats[id] ?? null, fixes[id] ?? null));
  }

  async save(record: AccountRecord): Promise<void> {
    await this.redis.hset(ACCOUNT_KEYS.accounts, record.id, JSON.stringify(record));
  }

  byTokenHash(tokenHash: string): Promise<AccountRecord | null> {
    return this.bySecret(ACCOUNT_KEYS.tokens, tokenHash);
  }

  byDeviceIdHash(deviceIdHash: string): Promise<AccountRecord | null> {
    return this.bySecret(ACCOUNT_KEYS.devices, deviceIdHash);
  }

  private async bySecret(index: string, hash: string): Promise<AccountRecord | null> {
    const { accounts, signals } = ACCOUNT_KEYS;
    const found = await this.bySecretHash(index, accounts, signals.heartbeat, signals.fix, hash);
    return found ? withSignals(...found) : null;
  }

  async notePhoneSignal(accountId: string, signal: PhoneSignal, at: string): Promise<void> {
    await this.redis.hset(ACCOUNT_KEYS.signals[signal], accountId, at);
  }
}

/** A stored record with the phone signals, which live apart from it, in their fields. */
function withSignals(json: string, heartbeat: string | null, fix: string | null): AccountRecord {
  return { ...(JSON.parse(json) as AccountRecord), [SIGNAL_FIELD.heartbeat]: heartbeat, [SIGNAL_FIELD.fix]: fix };
}
