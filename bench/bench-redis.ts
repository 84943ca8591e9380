import { randomBytes } from 'node:crypto';
import type { Caravan } from '@rumbo/shared';
import { keys } from '../server/src/store/keys';
import { RedisStore } from '../server/src/store/redis-store';
import { makeCaravan } from '../server/test/helper';

/**
 * The benchmarks' Redis: a logical database of their own (12 unless BENCH_REDIS_URL says
 * otherwise), caravan ids no one else uses, and every caravan they create removed at the end.
 * Rate-limit counters expire by themselves within a minute; the Socket.IO adapter stores nothing.
 */
const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';

export class BenchRedis {
  readonly url = BENCH_REDIS_URL;
  readonly store = new RedisStore(BENCH_REDIS_URL);
  private readonly created = new Set<string>();

  /** A fresh, empty, active caravan (public delay 30 min, 2 km grid), with `extra` settings; returns its id. */
  async createCaravan(purpose: string, extra: Partial<Caravan> = {}): Promise<string> {
    const id = `bench-${purpose}-${randomBytes(4).toString('hex')}`;
    this.created.add(id);
    if (!(await this.store.createCaravan({ ...makeCaravan(id), ...extra }))) throw new Error(`caravan ${id} exists already`);
    return id;
  }

  /** Removes every caravan this run created (all their keys), then closes the connection. */
  async close(): Promise<void> {
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
