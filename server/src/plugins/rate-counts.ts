import type { Redis } from 'ioredis';

/** A count of requests per key in a window that starts at the key's first request. */
export interface WindowCounts {
  /** Adds `amount` to the key's count; answers the count after it and the milliseconds left in its window. */
  add(key: string, amount: number, windowMs: number): Promise<{ total: number; ttlMs: number }>;
}

/** Counts in this process: an instance of its own (the embedded store). */
export class MemoryWindowCounts implements WindowCounts {
  private readonly counts = new Map<string, { total: number; endsAt: number }>();
  private sweptAt = 0;

  async add(key: string, amount: number, windowMs: number) {
    const now = Date.now();
    this.sweep(now, windowMs);
    let count = this.counts.get(key);
    if (!count || count.endsAt <= now) {
      count = { total: 0, endsAt: now + windowMs };
      this.counts.set(key, count);
    }
    count.total += amount;
    return { total: count.total, ttlMs: count.endsAt - now };
  }

  /** Forgets ended windows, at most once a window: memory stays bounded by the keys of one window. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.sweptAt < windowMs) return;
    this.sweptAt = now;
    for (const [key, count] of this.counts) if (count.endsAt <= now) this.counts.delete(key);
  }
}

/** INCRBY, and the window's expiry set by whoever opened it; answers the count and the time left. */
const ADD_SCRIPT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {total, ttl}`;

type AddCommand = (key: string, amount: number, windowMs: number) => Promise<[number, number]>;

/** Counts in Redis, shared by every instance; keys expire with their window. */
export class RedisWindowCounts implements WindowCounts {
  private readonly command: AddCommand;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('rumboRateAdd' in redis)) redis.defineCommand('rumboRateAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    const commands = redis as unknown as { rumboRateAdd: AddCommand };
    this.command = (key, amount, windowMs) => commands.rumboRateAdd(key, amount, windowMs);
  }

  async add(key: string, amount: number, windowMs: number) {
    const [total, ttlMs] = await this.command(this.prefix + key, amount, windowMs);
    return { total, ttlMs };
  }
}

/** What a request's count decided. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the window, as far as this instance knows (never more than there are). */
  remaining: number;
  /** Seconds until the window ends (at least 1). */
  resetSeconds: number;
}

/** What this instance holds of a key's window. */
interface Lease {
  /** Requests granted to this instance and not yet used. */
  spare: number;
  /** The window's count after this instance's last lease. */
  total: number;
  endsAt: number;
  /** When the last lease was taken, and how many it asked for. */
  leasedAt: number;
  lastAsk: number;
  /** The lease being asked for, which requests arriving meanwhile wait for. */
  asking: Promise<void> | null;
}

/** A lease taken within this long of the previous one means the key is busy here: the next asks for twice as many. */
const BUSY_MS = 1_000;
/** One lease takes at most this share of what is left of the window's limit. */
const LEASE_SHARE = 1 / 8;

/**
 * Rate limits counted in process and reconciled across instances through shared counts (Redis).
 * An instance takes requests from the shared count in leases and spends them locally: a quiet
 * key (a reporter's phone, a newsroom viewer) leases one request at a time, so every instance sees
 * every request at once, exactly as if each were counted in Redis; a busy key leases twice as many
 * each time it runs out within a second, up to an eighth of what is left of its limit, so a
 * key at thousands of requests a second costs Redis a few commands a second instead of one per
 * request. Leases are taken from the shared count before they are spent, so all instances together
 * never let through more than the limit; a lease an instance holds unspent (at most an eighth of
 * what was left, and only for a busy key) can make another instance refuse that much early. A
 * window whose limit is used up is known here until it ends: refusals cost no round trip.
 */
export class LeasedRateCounts {
  private readonly leases = new Map<string, Lease>();
  private sweptAt = 0;

  constructor(
    private readonly counts: WindowCounts,
    private readonly windowMs: number,
  ) {}

  /** Counts one request of `key` against `max`; throws when the shared count cannot be reached. */
  async take(key: string, max: number): Promise<RateDecision> {
    let lease = this.current(key);
    while (lease?.asking) {
      await lease.asking;
      lease = this.current(key);
    }
    return this.spend(lease, max) ?? this.lease(key, max, lease);
  }

  /**
   * take's decision when this process can make it alone (a lease with requests to spare, or a
   * window used up), without a promise; undefined when the shared count must be asked (take asks).
   */
  takeNow(key: string, max: number): RateDecision | undefined {
    const lease = this.current(key);
    return lease && !lease.asking ? this.spend(lease, max) : undefined;
  }

  /** Spends a request of the lease, or refuses it once the window is used up; undefined when a lease must be asked for. */
  private spend(lease: Lease | undefined, max: number): RateDecision | undefined {
    if (!lease) return undefined;
    if (lease.spare > 0) {
      lease.spare--;
      return this.decision(lease, max, true);
    }
    return lease.total >= max ? this.decision(lease, max, false) : undefined;
  }

  private current(key: string): Lease | undefined {
    const now = Date.now();
    this.sweep(now);
    const lease = this.leases.get(key);
    if (lease && lease.endsAt <= now && !lease.asking) {
      this.leases.delete(key);
      return undefined;
    }
    return lease;
  }

  /** Asks the shared count for requests: this one and, for a busy key, some to spend locally. */
  private async lease(key: string, max: number, previous: Lease | undefined): Promise<RateDecision> {
    const now = Date.now();
    const busy = previous !== undefined && now - previous.leasedAt < BUSY_MS;
    const left = Math.max(0, max - (previous?.total ?? 0));
    const ask = busy ? Math.max(1, Math.min(previous.lastAsk * 2, Math.floor(left * LEASE_SHARE))) : 1;
    const lease: Lease = previous ?? {
      spare: 0,
      total: 0,
      endsAt: now + this.windowMs,
      leasedAt: now,
      lastAsk: ask,
      asking: null,
    };
    let answer: { total: number; ttlMs: number };
    const asking = this.counts.add(key, ask, this.windowMs).then((added) => {
      answer = added;
    });
    lease.asking = asking;
    this.leases.set(key, lease);
    try {
      await asking;
    } finally {
      lease.asking = null;
    }
    const { total, ttlMs } = answer!;
    // The part of the lease still within the limit (the rest was asked for in vain, and counts).
    const granted = Math.max(0, Math.min(ask, max - (total - ask)));
    // A lease is asked for only when none is left, so what it grants beyond this request is all the spare.
    Object.assign(lease, {
      spare: Math.max(0, granted - 1),
      total,
      endsAt: Date.now() + ttlMs,
      leasedAt: now,
      lastAsk: ask,
    });
    return this.decision(lease, max, granted > 0);
  }

  private decision(lease: Lease, max: number, allowed: boolean): RateDecision {
    return {
      allowed,
      remaining: Math.max(0, max - lease.total + lease.spare),
      resetSeconds: Math.max(1, Math.ceil((lease.endsAt - Date.now()) / 1000)),
    };
  }

  /** Forgets ended windows, at most once a window. */
  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [key, lease] of this.leases) if (lease.endsAt <= now && !lease.asking) this.leases.delete(key);
  }
}
