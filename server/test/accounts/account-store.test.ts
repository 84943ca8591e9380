import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { AccountStore } from '../../src/accounts/account-store';
import { createAccount } from '../../src/accounts/create-account';
import { MemoryAccountStore } from '../../src/accounts/memory-account-store';
import { ACCOUNT_KEYS, RedisAccountStore } from '../../src/accounts/redis-account-store';
import { hashSecret } from '../../src/accounts/secrets';
import { newCaravanId, TEST_REDIS_URL } from '../helper';
import { commandsSent, trackedAccounts } from './redis-accounts';

const redis = new Redis(TEST_REDIS_URL);
const tracked = trackedAccounts(redis);
afterAll(async () => {
  await tracked.removeAll();
  redis.disconnect();
});

const accountStores: Array<[string, () => AccountStore]> = [
  ['memory', () => new MemoryAccountStore()],
  ['redis', () => new RedisAccountStore(redis)],
];

describe.each(accountStores)('account lookups by a secret’s hash, %s store', (_kind, makeStore) => {
  const accounts = makeStore();
  const newReporter = async () => {
    const created = await createAccount(accounts, { name: 'Ana en Huixtla', role: 'reporter', caravans: [newCaravanId()] });
    tracked.track(created);
    return created;
  };

  it('finds a reporter by its token and by its device id, with its latest phone signals', async () => {
    const created = await newReporter();
    await accounts.notePhoneSignal(created.id, 'heartbeat', '2026-12-07T01:00:00.000Z');
    await accounts.notePhoneSignal(created.id, 'fix', '2026-12-07T01:02:00.000Z');
    const expected = {
      id: created.id,
      role: 'reporter',
      caravans: created.caravans,
      revokedAt: null,
      lastHeartbeatAt: '2026-12-07T01:00:00.000Z',
      lastPhoneFixAt: '2026-12-07T01:02:00.000Z',
      tokenHash: hashSecret(created.token),
      deviceIdHash: hashSecret(created.deviceId!),
    };
    expect(await accounts.byTokenHash(hashSecret(created.token))).toMatchObject(expected);
    expect(await accounts.byDeviceIdHash(hashSecret(created.deviceId!))).toMatchObject(expected);
  });

  it('finds no one for a hash that is nobody’s, and a token for what it is not (a device id)', async () => {
    const created = await newReporter();
    expect(await accounts.byTokenHash(hashSecret('not-a-token'))).toBeNull();
    expect(await accounts.byDeviceIdHash(hashSecret('not-a-device'))).toBeNull();
    expect(await accounts.byDeviceIdHash(hashSecret(created.token))).toBeNull();
    expect(await accounts.byTokenHash(hashSecret(created.deviceId!))).toBeNull();
  });

  it('shows a revocation on the very next lookup', async () => {
    const created = await newReporter();
    const record = (await accounts.byTokenHash(hashSecret(created.token)))!;
    await accounts.save({ ...record, revokedAt: '2026-12-07T01:05:00.000Z' });
    expect(await accounts.byTokenHash(hashSecret(created.token))).toMatchObject({ revokedAt: '2026-12-07T01:05:00.000Z' });
    expect(await accounts.byDeviceIdHash(hashSecret(created.deviceId!))).toMatchObject({ revokedAt: '2026-12-07T01:05:00.000Z' });
  });
});

describe('account lookups in Redis', () => {
  const accounts = new RedisAccountStore(redis);

  it('cost one command and one round trip: the index and the record are read in one script', async () => {
    const created = await createAccount(accounts, { name: 'Beto', role: 'reporter', caravans: [newCaravanId()] });
    tracked.track(created);
    // The script's first use loads it into Redis (EVALSHA refused, then EVAL): that happens once.
    await accounts.byTokenHash(hashSecret('warm-up'));
    const sent = await commandsSent(redis, async () => {
      expect(await accounts.byTokenHash(hashSecret(created.token))).toMatchObject({ id: created.id });
    });
    expect(sent).toEqual(['evalsha']);
  });

  it('finds no one when the index names a record that is gone', async () => {
    const created = await createAccount(accounts, { name: 'Carla', role: 'reporter', caravans: [newCaravanId()] });
    tracked.track(created);
    await redis.hdel(ACCOUNT_KEYS.accounts, created.id);
    expect(await accounts.byTokenHash(hashSecret(created.token))).toBeNull();
    expect(await accounts.byDeviceIdHash(hashSecret(created.deviceId!))).toBeNull();
  });
});
