import type { AccountCreated } from '@rumbo/shared';
import type { Redis } from 'ioredis';
import { ACCOUNT_KEYS } from '../../src/accounts/redis-account-store';
import { hashSecret } from '../../src/accounts/secrets';

/**
 * Accounts a test file creates in the shared test Redis, removed with their index entries and
 * phone signals at the end: account keys are global, not per caravan, so nothing else removes them.
 */
export function trackedAccounts(redis: Redis) {
  const created: Array<Pick<AccountCreated, 'id' | 'token' | 'deviceId'>> = [];
  return {
    track(account: Pick<AccountCreated, 'id' | 'token' | 'deviceId'>): void {
      created.push(account);
    },
    async removeAll(): Promise<void> {
      const pipeline = redis.pipeline();
      for (const { id, token, deviceId } of created) {
        pipeline.hdel(ACCOUNT_KEYS.tokens, hashSecret(token));
        if (deviceId) pipeline.hdel(ACCOUNT_KEYS.devices, hashSecret(deviceId));
        pipeline.hdel(ACCOUNT_KEYS.accounts, id).hdel(ACCOUNT_KEYS.signals.heartbeat, id).hdel(ACCOUNT_KEYS.signals.fix, id);
      }
      await pipeline.exec();
    },
  };
}

/**
 * Commands `connection` sends while `action` runs, by name, as the client hands them to its
 * socket (the client is watched, not replaced: every command still goes to Redis).
 */
export async function commandsSent(connection: Redis, action: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const send = connection.sendCommand;
  connection.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    sent.push(args[0].name);
    return send.apply(this, args);
  };
  try {
    await action();
  } finally {
    connection.sendCommand = send;
  }
  return sent;
}
