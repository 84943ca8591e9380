import { tracingChannel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { CommandTraceContext } from 'ioredis';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric we expose starts with this. */
export const METRIC_PREFIX = 'rumbo_';

/**
 * ioredis 6 reports each command it writes on this diagnostics channel (its documented
 * instrumentation point, the one APM tools use): start when written, asyncEnd when the reply or
 * the failure arrives. No wrapper around the client, no patched methods.
 */
const redisCommands = tracingChannel<unknown, CommandTraceContext>('ioredis:command');

type SettledCommand = CommandTraceContext & { error?: unknown };

/** Redis round trips of every ioredis client in the process, and the commands that failed. */
function timeRedisCommands(register: Registry): void {
  const duration = new Histogram({
    name: `${METRIC_PREFIX}redis_command_duration_seconds`,
    help: 'Redis commands from write to reply (or failure), every client in the process; EVALSHA is the report insert.',
    labelNames: ['command'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [register],
  });
  const errors = new Counter({
    name: `${METRIC_PREFIX}redis_command_errors_total`,
    help: 'Redis commands that were written and failed: error replies, timeouts, connections lost before the reply.',
    labelNames: ['command'] as const,
    registers: [register],
  });
  const startedAt = new WeakMap<object, number>();
  redisCommands.start.subscribe((context) => startedAt.set(context as object, performance.now()));
  redisCommands.asyncEnd.subscribe((message) => {
    const context = message as SettledCommand;
    const start = startedAt.get(context);
    if (start === undefined) return;
    duration.observe({ command: context.command }, (performance.now() - start) / 1000);
    if ('error' in context) errors.inc({ command: context.command });
  });
}

let processRegistry: Registry | null = null;

/**
 * What belongs to the process rather than to one app: CPU, memory, GC, event-loop delay
 * (prom-client's default metrics, prefixed) and Redis command timings (the diagnostics channel is
 * process-wide). Created once, so several apps in one process (tests) share it instead of each
 * starting its own event-loop monitor and GC observer.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
    timeRedisCommands(processRegistry);
  }
  return processRegistry;
}
