import type { Child } from './child-process';
import { startChild } from './child-process';

/**
 * Rumbo itself (buildApp on a RedisStore), the bare baseline (Fastify + Socket.IO, no logic), or
 * the minimal durable route (Fastify, Rumbo's report body schema, one Redis MULTI per report).
 */
export type ServerKind = 'rumbo' | 'bare' | 'durable';

export interface ServerChildOptions {
  kind: ServerKind;
  redisUrl: string;
}

export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
}

/** What a server child answers (server-child.ts); the Rumbo-only and bare-only commands say so. */
export type ServerApi = {
  memory(): MemorySample;
  /** Rumbo: drops the in-process public snapshot of a caravan (app.publicViews.invalidate). */
  invalidatePublic(args: { caravanId: string }): void;
  /** Rumbo: milliseconds for the store to read a caravan's public track (what the projection starts from). */
  readPublicTrackMs(args: { caravanId: string }): Promise<number>;
  /** Bare: the body and ETag its public route serves. */
  setPublicBody(args: { body: string; etag: string }): void;
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
