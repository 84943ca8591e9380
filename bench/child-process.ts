import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CallMessage, ChildApi, ChildMessage } from './child-protocol';
import { CLOSE_COMMAND } from './child-protocol';

export interface Child<Api extends ChildApi, Ready> {
  /** What the child said when it was ready. */
  ready: Ready;
  call<K extends keyof Api & string>(command: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>>;
  /** Asks the child to close and exit; kills it (by its pid) if it has not within a few seconds. */
  stop(): Promise<void>;
}

/**
 * Starts `bench/dist/<entry>.mjs` (compiled next to the benchmark) in a process of its own, with
 * `options` as its argument. Its soft open-files limit is raised to the hard limit first (a shell
 * `ulimit` before exec: node cannot raise its own), since a viewer or server process may hold
 * thousands of sockets. `--expose-gc` lets it collect garbage before a memory sample.
 */
export function startChild<Api extends ChildApi, Ready>(entry: string, options: unknown): Promise<Child<Api, Ready>> {
  const script = fileURLToPath(new URL(`./${entry}.mjs`, import.meta.url));
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      process.execPath,
      '--expose-gc',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []),
      script,
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(`${entry} exited (${signal ?? code})`);
      rejectStart(error);
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        resolveStart({ ready: message.value as Ready, call, stop });
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'result') waiting?.resolve(message.value);
      else waiting?.reject(new Error(`${entry}: ${message.message}`));
    });

    function call<K extends keyof Api & string>(command: K, ...args: Parameters<Api[K]>) {
      const id = nextId++;
      const message: CallMessage = { type: 'call', id, command, args: args[0] };
      return new Promise<Awaited<ReturnType<Api[K]>>>((resolve, reject) => {
        if (exited) return reject(new Error(`${entry} has exited`));
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send(message);
      });
    }

    async function stop(): Promise<void> {
      if (exited) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.send({ type: 'call', id: nextId++, command: CLOSE_COMMAND, args: undefined } satisfies CallMessage);
      await exit;
      clearTimeout(killer);
    }
  });
}
