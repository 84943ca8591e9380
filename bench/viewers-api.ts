import type { Child } from './child-process';
import { startChild } from './child-process';

/** What a viewers child answers (viewers-child.ts). */
export type ViewersApi = {
  /** Opens `count` more newsroom sockets (websocket only) and joins each to the caravan's room. */
  connect(args: { baseUrl: string; token: string; caravanId: string; count: number }): Promise<{ connected: number }>;
  /**
   * Opens `count` more readers' sockets on `/public` (websocket only, no credentials: anyone may)
   * and joins each to the caravan's public room; says how long each join took, from the
   * `caravan:join` sent to its ack (which carries the snapshot), in ms.
   */
  connectPublic(args: { baseUrl: string; caravanId: string; count: number }): Promise<{ connected: number; joinMs: number[] }>;
  /**
   * Resolves once every connected viewer has received post `post`'s `report:new` and the sockets
   * have then been quiet for `quietMs` (the summary that follows a report has passed too), or
   * at `timeoutMs`; says how many received it.
   */
  awaitPost(args: { post: number; timeoutMs: number; quietMs: number }): Promise<{ received: number }>;
  /** Receive time minus send time (ms) of every receipt of these posts. */
  latencies(args: { posts: number[] }): number[];
  /** Bytes of the last `report:new` payload received, as JSON. */
  payloadBytes(): number;
};

export interface ViewersReady {
  openFilesLimit: number | null;
}

export type ViewersProcess = Child<ViewersApi, ViewersReady>;

export const startViewers = (): Promise<ViewersProcess> => startChild<ViewersApi, ViewersReady>('viewers-child', null);

/** The note a benchmark post carries: which post, and when it was sent (wall clock, ms). */
export const postNote = (post: number, sentAtMs: number) => `bench ${post} ${sentAtMs.toFixed(3)}`;

export function parsePostNote(note: unknown): { post: number; sentAtMs: number } | null {
  const match = typeof note === 'string' ? /^bench (\d+) ([\d.]+)$/.exec(note) : null;
  return match ? { post: Number(match[1]), sentAtMs: Number(match[2]) } : null;
}
