import { NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE, type IngestResult, type Report, type Source } from '@rumbo/shared';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Server } from 'socket.io';
import { METRIC_PREFIX } from './process-metrics';

/** The namespaces whose connected sockets are counted. */
const NAMESPACES = [NEWSROOM_NAMESPACE, PUBLIC_NAMESPACE] as const;

/**
 * One app's own metrics, in a registry of its own (not prom-client's global one), so several
 * apps in one process each count their own.
 */
export function createAppMetrics(io: Server) {
  const registry = new Registry();
  const registers = [registry];
  const acceptedReports = new Counter({
    name: `${METRIC_PREFIX}reports_accepted_total`,
    help: 'Reports newly stored, by source.',
    labelNames: ['source'] as const,
    registers,
  });
  const duplicateReports = new Counter({
    name: `${METRIC_PREFIX}reports_duplicate_total`,
    help: 'Reports sent again (same id, or the same phone fix) and answered duplicate: nothing stored.',
    labelNames: ['source'] as const,
    registers,
  });
  const rejectedReports = new Counter({
    name: `${METRIC_PREFIX}reports_rejected_total`,
    help: 'Reports refused by validation, by source and error code (reason).',
    labelNames: ['source', 'reason'] as const,
    registers,
  });
  const ingestDuration = new Histogram({
    name: `${METRIC_PREFIX}ingest_request_duration_seconds`,
    help: 'Requests to the routes that bring reports in (API, phone apps, GPX import), by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const pushDelay = new Histogram({
    name: `${METRIC_PREFIX}report_push_delay_seconds`,
    help: "From a report's arrival (receivedAt) to its report:new emit to the newsroom, by source.",
    labelNames: ['source'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  new Gauge({
    name: `${METRIC_PREFIX}sockets_connected`,
    help: 'Socket.IO sockets connected to this instance, by namespace.',
    labelNames: ['namespace'] as const,
    registers,
    collect() {
      for (const namespace of NAMESPACES) this.set({ namespace }, io.of(namespace).sockets.size);
    },
  });

  return {
    registry,
    /** Counts what one ingest call did (also when it stopped half-way: what it stored is stored). */
    countIngest(source: Source, { accepted, rejected }: IngestResult): void {
      for (const { duplicate } of accepted) (duplicate ? duplicateReports : acceptedReports).inc({ source });
      for (const { error } of rejected) rejectedReports.inc({ source, reason: error.code });
    },
    /** A report was just emitted to the newsroom. */
    reportPushed(report: Report): void {
      pushDelay.observe({ source: report.source }, Math.max(0, Date.now() - Date.parse(report.receivedAt)) / 1000);
    },
    ingestRequestDone(route: string, method: string, statusCode: number, seconds: number): void {
      ingestDuration.observe({ route, method, status: String(statusCode) }, seconds);
    },
  };
}
export type AppMetrics = ReturnType<typeof createAppMetrics>;
