import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { accountsOfKind, checkReporterCaravans, patchedAccount } from '../accounts/account-rules';
import { publicAccount } from '../accounts/account-store';
import { createAccount } from '../accounts/create-account';
import { RedisAccountStore } from '../accounts/redis-account-store';
import { createChangeFeed } from '../changes/change-feed';
import { ConfigError, loadConfig } from '../config';
import { DomainError } from '../domain-errors';
import { adapterConnections } from '../realtime/adapter-connections';
import { ADAPTER_KEY, createRoomAdapter } from '../realtime/room-adapter';
import { RedisStore } from '../store/redis-store';

const USAGE = `Rumbo accounts from the command line (needs REDIS_URL: the embedded store lives inside the server).

  npm run cli -- reporter create --name <name> --caravan <id> [--caravan <id> …] [--current <id>]
  npm run cli -- reporter list
  npm run cli -- reporter revoke <account-id>
  npm run cli -- staff create --name <name> --role editor|viewer
  npm run cli -- staff list
  npm run cli -- staff revoke <account-id>

Secrets are printed once, at creation, and stored only as hashes. A revoke is told to every
running server, as PATCH through the API does: its token and device id stop at once and its open
newsroom sockets close. A server that misses the message (it was cut off from Redis) stops them
within 5 s all the same, and closes the sockets at its next periodic check (within 30 s).`;

class UsageError extends Error {}

/** How long the CLI tries to tell the servers; past it they notice within ACCOUNT_MAX_AGE_MS anyway. */
const TELL_SERVERS_MS = 5_000;

/**
 * Tells every running server that the account changed, as the API's own change feed does: each
 * forgets the account's secrets it keeps (CachedAccountStore) and checks its sockets again. The
 * servers' Socket.IO adapter carries the signal, so this joins it for the one message. Resolves
 * whether it was sent.
 */
async function tellServers(redis: Redis, accountId: string): Promise<boolean> {
  const [publisher, subscriber] = adapterConnections(redis);
  for (const client of [publisher, subscriber]) client.on('error', () => {}); // a lost Redis ends in the timeout below
  const io = new Server();
  io.adapter(createRoomAdapter(publisher, subscriber, { key: ADAPTER_KEY }));
  const told = (async () => {
    await createChangeFeed({ io, log: { error: () => {} } }).signal('account:changed', { accountId });
    // The publisher pipelines its commands: a reply to a command sent after the PUBLISH means
    // Redis has taken the PUBLISH.
    await publisher.ping();
    return true;
  })();
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), TELL_SERVERS_MS)));
  try {
    return await Promise.race([told.catch(() => false), gaveUp]);
  } finally {
    clearTimeout(timer);
    publisher.disconnect();
    subscriber.disconnect();
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function run(args: string[], store: RedisStore): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      caravan: { type: 'string', multiple: true },
      current: { type: 'string' },
      role: { type: 'string' },
    },
  });
  const [kind, action, accountId] = positionals;
  const accounts = new RedisAccountStore(store.redis);
  if ((kind === 'reporter' || kind === 'staff') && action === 'list') {
    return print((await accountsOfKind(accounts, kind)).map(publicAccount));
  }
  if (kind === 'reporter' && action === 'create') {
    if (!values.name || !values.caravan?.length) throw new UsageError('reporter create needs --name and at least one --caravan');
    await checkReporterCaravans(
      async (caravanId) => (await store.getCaravan(caravanId)) !== null,
      values.caravan,
      values.current,
    );
    return print(
      await createAccount(accounts, {
        name: values.name,
        role: 'reporter',
        caravans: values.caravan,
        currentCaravanId: values.current,
      }),
    );
  }
  if (kind === 'staff' && action === 'create') {
    if (!values.name || (values.role !== 'editor' && values.role !== 'viewer'))
      throw new UsageError('staff create needs --name and --role editor|viewer');
    return print(await createAccount(accounts, { name: values.name, role: values.role }));
  }
  if ((kind === 'reporter' || kind === 'staff') && action === 'revoke' && accountId) {
    const account = await accounts.get(accountId);
    if (!account) throw new UsageError(`no account ${accountId}`);
    await accounts.save(patchedAccount(account, { revoked: true }));
    if (!(await tellServers(store.redis, accountId)))
      process.stderr.write('rumbo: revoked, but the running servers could not be told: they stop it within 5 s\n');
    return print(publicAccount((await accounts.get(accountId))!));
  }
  throw new UsageError(`unknown command: ${positionals.join(' ') || '(none)'}`);
}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`rumbo: configuration error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!config.redisUrl) {
    process.stderr.write(
      `${USAGE}\n\nrumbo: REDIS_URL is not set. With the embedded store, create accounts through the API instead.\n`,
    );
    return 1;
  }
  const store = new RedisStore(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await run(process.argv.slice(2), store);
    return 0;
  } catch (error) {
    // A rule the input breaks (a caravan that does not exist) is the user's to fix, as a usage error is.
    if (!(error instanceof UsageError) && !(error instanceof TypeError) && !(error instanceof DomainError)) throw error;
    process.stderr.write(`${USAGE}\n\nrumbo: ${error.message}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
