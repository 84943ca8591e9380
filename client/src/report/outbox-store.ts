import type { ReportInput } from '@rumbo/shared';
import { createStore, delMany, promisifyRequest, setMany, values } from 'idb-keyval';
import { isHeld } from './held';

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
  /**
   * Not sent before this time (epoch ms): the reporter may still undo it or add a note. Only a
   * held record may change or go; the outbox never takes one whose hold is not over.
   */
  holdUntil?: number;
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

/**
 * Changes or withdraws (`change` returns null) a record while it is held, in one IndexedDB
 * transaction; false when it is no longer held (its hold ran out, so it may be on its way).
 * The outbox notes the time before it reads the queue and takes only records whose hold ended
 * by then; this check runs later, inside the write: a record is never sent and then undone or changed.
 */
export async function changeHeld(id: string, change: (record: OutboxRecord) => OutboxRecord | null): Promise<boolean> {
  const done = await store('readwrite', (objects) => {
    const request = objects.get(id) as IDBRequest<OutboxRecord | undefined>;
    // Decided in the request's own callback, while the transaction is surely active.
    const decided = new Promise<boolean>((resolve) => {
      request.onsuccess = () => {
        const record = request.result;
        if (!record || !isHeld(record, Date.now())) return resolve(false);
        const next = change(record);
        if (next) objects.put(next, id);
        else objects.delete(id);
        resolve(true);
      };
    });
    return Promise.all([decided, promisifyRequest(objects.transaction)]).then(([result]) => result);
  });
  if (done) changed();
  return done;
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
