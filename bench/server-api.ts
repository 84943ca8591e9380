import type { Child } from './child-process';
import { startChild } from './child-process';
import { formatKiB } from './stats';

/**
 * Rumbo itself (buildApp on a RedisStore), the bare baseline (Fastify + Socket.IO, no logic), or
 * the minimal durable route (Fastify, Rumbo's report body schema, one Redis MULTI per report).
 */
export type ServerKind = 'rumbo' | 'bare' | 'durable';

export interface ServerChildOptions {
  kind: ServerKind;
  redisUrl: string;
  /** Rumbo: readers may hold a `/public` socket (PUBLIC_LIVE=1); off by default, as deployed. */
  publicLive?: boolean;
  /**
   * Rumbo: time compression for the readers benchmark. The public release follows a clock that
   * runs this many times faster than the real one (from the child's start), the ages in its
   * Cache-Control are divided by it (so a cache in front expires entries in simulated time), and
   * so are its own periodic checks that depend on time (the caravan cache, the unpushed sweep).
   * 1 (the default): real time.
   */
  clockSpeedup?: number;
}

export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
  /**
   * Resident memory less the pages V8 keeps for its heap but holds nothing in: after a burst of
   * garbage V8 keeps its grown young generation resident (tens of MiB, whatever the process holds),
   * which makes RSS growth noise at the benchmarks' sizes. What is left is what the process holds,
   * with what the C library kept of what it freed (README: "Memory per viewer").
   */
  inUseBytes: number;
}

/** A sample (or a growth per item) as the benchmarks print it: in use first, RSS last. */
export const formatMemory = (sample: MemorySample) =>
  `in use ${formatKiB(sample.inUseBytes)}, heap ${formatKiB(sample.heapUsedBytes)}, RSS ${formatKiB(sample.rssBytes)}`;

/** The growth from one sample to the next, per item (viewer, reader, caravan) held in between. */
export const growthPer = (before: MemorySample, after: MemorySample, items: number): MemorySample => ({
  rssBytes: (after.rssBytes - before.rssBytes) / items,
  heapUsedBytes: (after.heapUsedBytes - before.heapUsedBytes) / items,
  inUseBytes: (after.inUseBytes - before.inUseBytes) / items,
});

/** What a server child answers (server-child.ts); the Rumbo-only and bare-only commands say so. */
export type ServerApi = {
  memory(): MemorySample;
  /** CPU time this process has used since it started (user and system), in microseconds. */
  cpuMicros(): number;
  /** Rumbo: drops the in-process public snapshot of a caravan (app.publicViews.invalidate). */
  invalidatePublic(args: { caravanId: string }): void;
  /** Rumbo: milliseconds for the store to read a caravan's public track (what the projection starts from). */
  readPublicTrackMs(args: { caravanId: string }): Promise<number>;
  /** Bare: the body and ETag its public route serves (and the snapshot its `/public` join answers with). */
  setPublicBody(args: { body: string; etag: string }): void;
  /**
   * Requests for the paths deploy/nginx.conf caches (`/api/v1/public/…`, `/api/v1/client-config`)
   * that reached this server since it started: what a cache in front let through to the origin.
   */
  publicRequests(): number;
  /**
   * Rumbo: commands its Redis clients (store, adapter) have sent since it started, by name. A
   * command in a pipeline or a MULTI counts once, and so does a script (EVALSHA), not the
   * commands it runs.
   */
  redisCommands(): Record<string, number>;
};

export interface ServerReady {
  baseUrl: string;
  openFilesLimit: number | null;
}

export type ServerProcess = Child<ServerApi, ServerReady>;

export const startServer = (options: ServerChildOptions): Promise<ServerProcess> =>
  startChild<ServerApi, ServerReady>('server-child', options);

/** The bare server's broadcast route: emits the posted body as `report:new` to the caravan's room. */
export const bareEmitPath = (caravanId: string) => `/bench/emit/${caravanId}`;

/**
 * The durable baseline's Redis keys, hash-tagged per caravan as Rumbo's are: a key per report id
 * (SET NX: idempotency), the caravan's track (ZADD by fix time) and the channel each report is
 * published on.
 */
export const durableKeys = {
  report: (caravanId: string, reportId: string) => `bench:durable:{${caravanId}}:report:${reportId}`,
  track: (caravanId: string) => `bench:durable:{${caravanId}}:track`,
  channel: (caravanId: string) => `bench:durable:{${caravanId}}:reports`,
  /** Every key the durable route wrote for the caravan (for SCAN when cleaning up). */
  pattern: (caravanId: string) => `bench:durable:{${caravanId}}:*`,
} as const;
