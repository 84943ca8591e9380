import { LIMITS } from './limits';
import type { OutboxRecord } from './outbox-store';
import type { BatchOutcome } from './post-batch';

/**
 * The queue as requests: one caravan per request (the caravan is in the path), at most 500
 * reports each, oldest fixes first.
 * @example batchesOf(queued) // [[a1, a2, …up to 500], [b1], …]
 */
export function batchesOf(queued: readonly OutboxRecord[]): OutboxRecord[][] {
  const byCaravan = new Map<string, OutboxRecord[]>();
  for (const record of [...queued].sort((a, b) => a.fixAt - b.fixAt)) {
    const group = byCaravan.get(record.caravanId) ?? [];
    group.push(record);
    byCaravan.set(record.caravanId, group);
  }
  const batches: OutboxRecord[][] = [];
  for (const group of byCaravan.values())
    for (let start = 0; start < group.length; start += LIMITS.batchReports)
      batches.push(group.slice(start, start + LIMITS.batchReports));
  return batches;
}

/**
 * The new state of each record of a batch the server answered. Accepted ones (duplicates too:
 * the server has them) are sent; rejected ones carry the server's reason. One the answer does not
 * mention stays queued, so it is not returned.
 */
export function settleBatch(
  batch: readonly OutboxRecord[],
  outcome: Extract<BatchOutcome, { kind: 'answered' | 'refused' }>,
  now: number,
): OutboxRecord[] {
  if (outcome.kind === 'refused')
    return batch.map((record) => ({ ...record, state: 'rejected', reason: outcome.message, settledAt: now }));
  const accepted = new Map(outcome.accepted.map((item) => [item.id, item.duplicate]));
  const rejected = new Map(outcome.rejected.map((item) => [item.index, item.message]));
  return batch.flatMap((record, index): OutboxRecord[] => {
    const duplicate = accepted.get(record.id);
    if (duplicate !== undefined) return [{ ...record, state: 'sent', duplicate, settledAt: now }];
    const reason = rejected.get(index);
    return reason === undefined ? [] : [{ ...record, state: 'rejected', reason, settledAt: now }];
  });
}
