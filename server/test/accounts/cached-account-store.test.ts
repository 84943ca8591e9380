import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { AccountRecord, AccountStore } from '../../src/accounts/account-store';
import { ACCOUNT_MAX_AGE_MS, CachedAccountStore } from '../../src/accounts/cached-account-store';
import { createAccount } from '../../src/accounts/create-account';
import { MemoryAccountStore } from '../../src/accounts/memory-account-store';
import { RedisAccountStore } from '../../src/accounts/redis-account-store';
import { hashSecret } from '../../src/accounts/secrets';
import { newCaravanId, TEST_REDIS_URL } from '../helper';
import { commandsSent, trackedAccounts } from './redis-accounts';

const redis = new Redis(TEST_REDIS_URL);
const tracked = trackedAccounts(redis);
afterAll(async () => {
  await tracked.removeAll();
  redis.disconnect();
});

/** A clock the test moves. */
function testClock() {
  let ms = 1_000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

const newReporter = async (accounts: AccountStore) => {
  const created = await createAccount(accounts, { name: 'Ana', role: 'reporter', caravans: [newCaravanId()] });
  tracked.track(created);
  return { ...created, tokenHash: hashSecret(created.token), deviceIdHash: hashSecret(created.deviceId!) };
};

describe('the account cache of an instance', () => {
  it('answers a known token and device id again without asking Redis', async () => {
    const accounts = new CachedAccountStore(new RedisAccountStore(redis));
    const reporter = await newReporter(accounts);
    const first = await accounts.byTokenHash(reporter.tokenHash);
    await accounts.byDeviceIdHash(reporter.deviceIdHash);
    const again = await commandsSent(redis, async () => {
      expect(await accounts.byTokenHash(reporter.tokenHash)).toEqual(first);
      expect((await accounts.byDeviceIdHash(reporter.deviceIdHash))?.id).toBe(reporter.id);
    });
    expect(again).toEqual([]);
  });

  it('knows a token’s account without a promise exactly while a lookup would answer it from memory', async () => {
    const clock = testClock();
    const accounts = new CachedAccountStore(new MemoryAccountStore(), { now: clock.now });
    const reporter = await newReporter(accounts);
    expect(accounts.knownByTokenHash(reporter.tokenHash)).toBeUndefined(); // never read here
    const record = await accounts.byTokenHash(reporter.tokenHash);
    expect(accounts.knownByTokenHash(reporter.tokenHash)).toBe(record);
    await accounts.byDeviceIdHash(reporter.deviceIdHash);
    expect(accounts.knownByTokenHash(reporter.deviceIdHash)).toBeUndefined(); // a device id is no token
    clock.advance(ACCOUNT_MAX_AGE_MS);
    expect(accounts.knownByTokenHash(reporter.tokenHash)).toBeUndefined(); // too old: read again
    await accounts.byTokenHash(reporter.tokenHash);
    accounts.forget(reporter.id);
    expect(accounts.knownByTokenHash(reporter.tokenHash)).toBeUndefined(); // changed elsewhere
  });

  it('asks again for a secret that was nobody’s: an account created elsewhere works at once', async () => {
    const here = new CachedAccountStore(new RedisAccountStore(redis));
    const elsewhere = new RedisAccountStore(redis);
    const token = hashSecret(`later-${newCaravanId()}`);
    expect(await here.byTokenHash(token)).toBeNull();
    const reporter = await newReporter(elsewhere);
    expect(await here.byTokenHash(reporter.tokenHash)).toMatchObject({ id: reporter.id });
  });

  it('sees its own revocation on the very next lookup', async () => {
    const accounts = new CachedAccountStore(new MemoryAccountStore());
    const reporter = await newReporter(accounts);
    const record = (await accounts.byTokenHash(reporter.tokenHash))!;
    await accounts.save({ ...record, caravans: [...record.caravans], revokedAt: '2026-12-07T01:00:00.000Z' });
    expect(await accounts.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: '2026-12-07T01:00:00.000Z' });
    expect(await accounts.byDeviceIdHash(reporter.deviceIdHash)).toMatchObject({ revokedAt: '2026-12-07T01:00:00.000Z' });
  });

  it('sees another instance’s revocation once told (forget), and within its maximum age when never told', async () => {
    const clock = testClock();
    const store = new RedisAccountStore(redis);
    const instanceA = new CachedAccountStore(store, { now: clock.now });
    const told = new CachedAccountStore(store, { now: clock.now });
    const neverTold = new CachedAccountStore(store, { now: clock.now });
    const reporter = await newReporter(instanceA);
    for (const instance of [told, neverTold])
      expect(await instance.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: null });

    const record = (await store.get(reporter.id))!;
    await instanceA.save({ ...record, revokedAt: '2026-12-07T01:00:00.000Z' });
    told.forget(reporter.id);
    expect(await told.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: '2026-12-07T01:00:00.000Z' });
    // The message lost: the record as it was, until its age runs out, and not a moment longer.
    clock.advance(ACCOUNT_MAX_AGE_MS - 1);
    expect(await neverTold.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: null });
    clock.advance(1);
    expect(await neverTold.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: '2026-12-07T01:00:00.000Z' });
  });

  it('does not keep a record read before a forget that overtook the read', async () => {
    const memory = new MemoryAccountStore();
    // The store's first lookup is held until the test lets it answer: the forget comes in between.
    let release: (() => void) | null = null;
    let holdNext = true;
    const slow: AccountStore = Object.assign(Object.create(memory) as AccountStore, {
      byTokenHash: async (tokenHash: string) => {
        const record = await memory.byTokenHash(tokenHash);
        if (holdNext) {
          holdNext = false;
          await new Promise<void>((resolve) => (release = resolve));
        }
        return record;
      },
    });
    const accounts = new CachedAccountStore(slow);
    const reporter = await newReporter(memory);
    const reading = accounts.byTokenHash(reporter.tokenHash);
    await expect.poll(() => release).not.toBeNull(); // the read is in flight
    const record = (await memory.get(reporter.id))!;
    await memory.save({ ...record, revokedAt: '2026-12-07T01:00:00.000Z' });
    accounts.forget(reporter.id);
    release!();
    expect(await reading).toMatchObject({ revokedAt: null }); // read before the change: answered as read
    // …and not kept: the next lookup reads the store again.
    expect(await accounts.byTokenHash(reporter.tokenHash)).toMatchObject({ revokedAt: '2026-12-07T01:00:00.000Z' });
  });

  it('hands out cached records frozen: no request can change what the next one sees', async () => {
    const accounts = new CachedAccountStore(new MemoryAccountStore());
    const reporter = await newReporter(accounts);
    await accounts.byTokenHash(reporter.tokenHash);
    const cached = (await accounts.byTokenHash(reporter.tokenHash)) as AccountRecord;
    expect(Object.isFrozen(cached)).toBe(true);
    expect(() => (cached.caravans as string[]).push('another')).toThrow(TypeError);
  });
});
