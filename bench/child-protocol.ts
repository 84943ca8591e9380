/**
 * How the benchmark talks to the processes it spawns (servers, viewers): node's IPC channel,
 * one reply per call, matched by id. A child says `ready` once, with what the parent needs
 * (its port, its open-files limit).
 */
export type ChildApi = Record<string, (args: never) => unknown>;

export interface CallMessage {
  type: 'call';
  id: number;
  command: string;
  args: unknown;
}

export type ChildMessage =
  | { type: 'ready'; value: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failure'; id: number; message: string };

/** Every child answers `close` by closing what it holds and exiting. */
export const CLOSE_COMMAND = 'close';
