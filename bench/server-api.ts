import type { Child } from './child-process';
import { startChild } from './child-process';

/** Rumbo itself (buildApp on a RedisStore), or the bare baseline (Fastify + Socket.IO, no logic). */
export type ServerKind = 'rumbo' | 'bare';

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
