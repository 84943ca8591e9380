import { randomBytes } from 'node:crypto';
import type { Caravan } from '@rumbo/shared';
import { createAccount } from '../server/src/accounts/create-account';
import { ACCOUNT_KEYS, RedisAccountStore } from '../server/src/accounts/redis-account-store';
import { hashSecret } from '../server/src/accounts/secrets';
import { keys } from '../server/src/store/keys';
import { RedisStore } from '../server/src/store/redis-store';
import { makeCaravan } from '../server/test/helper';

/**
 * The benchmarks' Redis: a logical database of their own (12 unless BENCH_REDIS_URL says
 * otherwise), caravan ids no one else uses, and every caravan they create removed at the end.
 * Rate-limit counters expire by themselves within a minute; the Socket.IO adapter stores nothing.
 * Reporter accounts it creates are removed too.
 */
const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';

export class BenchRedis {
  readonly url = BENCH_REDIS_URL;
  readonly store = new RedisStore(BENCH_REDIS_URL);
  private readonly created = new Set<string>();
  private readonly reporters: Array<{ id: string; tokenHash: string; deviceIdHash: string }> = [];

  /** A fresh, empty, active caravan (public delay 30 min, 2 km grid), with `extra` settings; returns its id. */
  async createCaravan(purpose: string, extra: Partial<Caravan> = {}): Promise<string> {
    const id = `bench-${purpose}-${randomBytes(4).toString('hex')}`;
    this.created.add(id);
    if (!(await this.store.createCaravan({ ...makeCaravan(id), ...extra }))) throw new Error(`caravan ${id} exists already`);
    return id;
  }

  /** A reporter account of these caravans, as an admin creates one; returns its token. */
  async createReporter(caravanIds: string[]): Promise<string> {
    const accounts = new RedisAccountStore(this.store.redis);
    const created = await createAccount(accounts, { name: 'Bench reporter', role: 'reporter', caravans: caravanIds });
    this.reporters.push({ id: created.id, tokenHash: hashSecret(created.token), deviceIdHash: hashSecret(created.deviceId!) });
    return created.token;
  }

  /** Removes every caravan and reporter this run created (all their keys), then closes the connection. */
  async close(): Promise<void> {
    for (const { id, tokenHash, deviceIdHash } of this.reporters.splice(0)) {
      await this.store.redis
        .pipeline()
        .hdel(ACCOUNT_KEYS.accounts, id)
        .hdel(ACCOUNT_KEYS.tokens, tokenHash)
        .hdel(ACCOUNT_KEYS.devices, deviceIdHash)
        .hdel(ACCOUNT_KEYS.signals.heartbeat, id)
        .hdel(ACCOUNT_KEYS.signals.fix, id)
        .exec();
    }
    const ids = [...this.created];
    if (ids.length > 0) {
      const perCaravan = ids.flatMap((id) => [
        keys.caravan(id),
        keys.reports(id),
        keys.all(id),
        keys.candidates(id),
        keys.track(id),
        keys.state(id),
        keys.unpushed(id),
        keys.alertRules(id),
        keys.alertClaims(id),
        keys.alerts(id),
        keys.alertHeard(id),
        keys.alertSilences(id),
      ]);
      await this.store.redis
        .pipeline()
        .del(...perCaravan)
        .zrem(keys.caravanIndex, ...ids)
        .exec();
    }
    await this.store.close();
  }
}
