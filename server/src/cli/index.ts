import { parseArgs } from 'node:util';
import { accountsOfKind, checkReporterCaravans, patchedAccount } from '../accounts/account-rules';
import { publicAccount } from '../accounts/account-store';
import { createAccount } from '../accounts/create-account';
import { RedisAccountStore } from '../accounts/redis-account-store';
import { ConfigError, loadConfig } from '../config';
import { DomainError } from '../domain-errors';
import { RedisStore } from '../store/redis-store';

const USAGE = `Rumbo accounts from the command line (needs REDIS_URL: the embedded store lives inside the server).

  npm run cli -- reporter create --name <name> --caravan <id> [--caravan <id> …] [--current <id>]
  npm run cli -- reporter list
  npm run cli -- reporter revoke <account-id>
  npm run cli -- staff create --name <name> --role editor|viewer
  npm run cli -- staff list
  npm run cli -- staff revoke <account-id>

Secrets are printed once, at creation, and stored only as hashes. A revoked token fails at once;
its open newsroom sockets are closed at the servers' next periodic check (within 30 s), since
this command writes to Redis past their change feed (PATCH through the API closes them at once).`;

class UsageError extends Error {}

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
