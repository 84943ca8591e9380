import type { Source } from '@rumbo/shared';
import { Counter, type Registry } from 'prom-client';
import { METRIC_PREFIX } from '../metrics/process-metrics';

/** What the phone routes count besides the reports themselves. */
export interface PhoneMetrics {
  /** A phone app said it is alive without a position (Traccar Client's heartbeat). */
  heartbeat(protocol: Source): void;
  /** A fix the phone was asked to keep and send again (the reason is the error code). */
  held(protocol: Source, reason: string): void;
}

const byRegistry = new WeakMap<Registry, PhoneMetrics>();

/** The phone counters in an app's registry, made on first use (the two phone routes share them). */
export function phoneMetrics(registry: Registry): PhoneMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const heartbeats = new Counter({
    name: `${METRIC_PREFIX}phone_heartbeats_total`,
    help: 'Phone requests with no position (a sign of life): answered 2xx, no report stored, by protocol.',
    labelNames: ['protocol'] as const,
    registers: [registry],
  });
  const held = new Counter({
    name: `${METRIC_PREFIX}phone_fixes_held_total`,
    help: 'Phone fixes answered 503 so the app keeps them and sends them again (e.g. no current caravan), by protocol and reason.',
    labelNames: ['protocol', 'reason'] as const,
    registers: [registry],
  });
  const metrics: PhoneMetrics = {
    heartbeat: (protocol) => heartbeats.inc({ protocol }),
    held: (protocol, reason) => held.inc({ protocol, reason }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
