import type { Child } from './child-process';
import { startChild } from './child-process';

/** What a simulated reader asks for: the client settings and the snapshot at start, then updates. */
export type ReaderRequestKind = 'config' | 'snapshot' | 'updates';

export interface ReaderRunOptions {
  /** Where the readers send their requests: nginx in front of Rumbo, or Rumbo itself. */
  baseUrl: string;
  caravanId: string;
  /** Readers open at once in this process: each slot holds one reader at a time. */
  slots: number;
  /** Readers each slot holds one after the other. */
  readersPerSlot: number;
  /** Simulated length of the run: slots start within `rampMs`, their readers fill the rest. */
  durationMs: number;
  rampMs: number;
  /** Simulated milliseconds per real one: every wait (a reader's life, its polls) is divided by it. */
  speedup: number;
  /** Keep-alive connections of this process's pool (undici). */
  connections: number;
  seed: number;
}

export interface ReaderRunResult {
  readers: number;
  /** Simulated minutes the readers had the page open, summed over readers (measured, not planned). */
  readerMinutes: number;
  /** The most readers this process had open at once. */
  peakReaders: number;
  /** Requests sent, by kind. */
  requests: Record<ReaderRequestKind, number>;
  /** Answers by kind and status, e.g. `updates 200`. */
  statuses: Record<string, number>;
  /** Answers by X-Cache-Status (nginx), or `none` without the header. */
  cacheStatuses: Record<string, number>;
  /** Request sent → whole body received, ms, by kind. */
  latenciesMs: Record<ReaderRequestKind, number[]>;
  /** What the updates did to the snapshot held: `same`, `diff`, `snapshot`, or `reread` (did not apply). */
  updates: Record<string, number>;
  /** Distinct release steps (`releasedUntil`) the readers held. */
  releaseSteps: number;
  /** Requests that failed (network errors, timeouts), with a few of their messages. */
  failures: number;
  failureSamples: string[];
  /** Real seconds from the first reader's start to the last answer. */
  wallSeconds: number;
}

/** What a readers child answers (readers-child.ts). */
export type ReadersApi = {
  /** Runs the readers to the end of their simulated time and says what they did. */
  run(options: ReaderRunOptions): Promise<ReaderRunResult>;
};

export type ReadersProcess = Child<ReadersApi, { openFilesLimit: number | null }>;

export const startReaders = (): Promise<ReadersProcess> =>
  startChild<ReadersApi, { openFilesLimit: number | null }>('readers-child', null);
