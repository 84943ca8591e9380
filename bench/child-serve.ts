import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import type { CallMessage, ChildApi, ChildMessage } from './child-protocol';
import { CLOSE_COMMAND } from './child-protocol';

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

/**
 * The child side of child-process.ts: answers the parent's calls with `handlers`, says `ready`
 * with `ready`, and exits when told to close (after `close`) or when the parent goes away.
 */
export function serveParent<Api extends ChildApi>(handlers: Api, close: () => Promise<void>, ready: unknown): void {
  process.on('disconnect', () => process.exit(1));
  process.on('message', async (message: CallMessage) => {
    if (message.command === CLOSE_COMMAND) {
      await close().catch((error: unknown) => console.error(error));
      process.exit(0);
    }
    try {
      const handler = handlers[message.command] as ((args: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`no command ${message.command}`);
      await send({ type: 'result', id: message.id, value: await handler(message.args) });
    } catch (error) {
      await send({
        type: 'failure',
        id: message.id,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  void send({ type: 'ready', value: ready });
}

/** This process's soft limit on open files (sockets count), from /proc; null where there is none. */
export function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((row) => row.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

/**
 * CPU time this process's main thread (its JavaScript) has used, user and system, in microseconds:
 * from /proc (clock ticks) where there is one, else the whole process's. The main thread alone,
 * because V8's helper threads (concurrent GC) spend more the busier the machine is.
 */
export function cpuMicros(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    const { user, system } = process.cpuUsage();
    return user + system;
  }
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Memory after two full collections: what is held, not garbage not yet collected. */
export function memoryAfterGc(): { rssBytes: number; heapUsedBytes: number; inUseBytes: number } {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('start the process with --expose-gc');
  collect();
  collect();
  const { rss, heapUsed } = process.memoryUsage();
  const heap = getHeapStatistics();
  return { rssBytes: rss, heapUsedBytes: heapUsed, inUseBytes: rss - (heap.total_physical_size - heap.used_heap_size) };
}
