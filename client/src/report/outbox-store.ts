import type { ReportInput } from '@rumbo/shared';
import { createStore, delMany, setMany, values } from 'idb-keyval';

/**
 * One report on this device. `queued` until the server acknowledges it; then `sent` (accepted,
 * duplicates included) or `rejected` with the server's reason. Settled records are kept for a
 * while so the reporter can see what happened.
 */
export interface OutboxRecord {
  /** The report id: the key here and the idempotency key on the server. */
  id: string;
  caravanId: string;
  /** Whose token sends it: a report is never sent in another reporter's name. */
  reporterId: string;
  reporterName: string;
  report: ReportInput;
  /** The fix time in epoch milliseconds, for ordering and display. */
  fixAt: number;
  state: 'queued' | 'sent' | 'rejected';
  queuedAt: number;
  settledAt?: number;
  duplicate?: boolean;
  reason?: string;
}

/** How many settled records stay visible; older ones are pruned after each send. */
const KEEP_SENT = 20;
const KEEP_REJECTED = 50;

const store = createStore('rumbo-report', 'outbox');
/** Other tabs of this page hear about every write, so each shows the same queue. */
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('rumbo-report-outbox');
const listeners = new Set<() => void>();
channel?.addEventListener('message', () => listeners.forEach((listener) => listener()));

function changed(): void {
  channel?.postMessage('changed');
  listeners.forEach((listener) => listener());
}

/** Calls `listener` after every write to the outbox, in this tab or another. */
export function onOutboxChange(listener: () => void): void {
  listeners.add(listener);
}

/** Every record on the device, oldest fix first. */
export async function allRecords(): Promise<OutboxRecord[]> {
  const records = await values<OutboxRecord>(store);
  return records.sort((a, b) => a.fixAt - b.fixAt);
}

/** Writes records (new ones, or new states of old ones) in one transaction. */
export async function saveRecords(records: OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  await setMany(
    records.map((record) => [record.id, record]),
    store,
  );
  changed();
}

/** Drops settled records beyond the newest few of each kind. Queued ones are never pruned. */
export async function pruneSettled(): Promise<void> {
  const records = await values<OutboxRecord>(store);
  const stale = (['sent', 'rejected'] as const).flatMap((state) =>
    records
      .filter((record) => record.state === state)
      .sort((a, b) => (b.settledAt ?? 0) - (a.settledAt ?? 0))
      .slice(state === 'sent' ? KEEP_SENT : KEEP_REJECTED),
  );
  if (stale.length === 0) return;
  await delMany(
    stale.map((record) => record.id),
    store,
  );
  changed();
}
