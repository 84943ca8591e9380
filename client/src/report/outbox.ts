import { signal } from '@preact/signals-core';
import { batchesOf, settleBatch } from './outbox-batches';
import { isHeld } from './held';
import { allRecords, pruneSettled, saveRecords, type OutboxRecord } from './outbox-store';
import { postBatch } from './post-batch';
import { retryDelayMs } from './retry-delay';

/** Who sends: the verified reporter and their token. */
export interface Sender {
  token: string;
  reporterId: string;
}

/** What the outbox is doing, for the page to say. */
export type OutboxStatus =
  | { phase: 'idle' }
  | { phase: 'sending'; ids: string[] }
  | { phase: 'offline' }
  | { phase: 'waiting'; retryAt: number; serverAsked: boolean }
  | { phase: 'no-sender' }
  | { phase: 'unauthorized'; message: string };

export interface OutboxOptions {
  sender: () => Sender | null;
  /** The token was refused while sending: the page asks the reporter to sign in again. */
  onUnauthorized: (message: string) => void;
  post?: typeof postBatch;
}

const LOCK_NAME = 'rumbo-report-outbox';

/** Runs `task` while holding a lock that every tab of this page shares, where the browser has Web Locks. */
function withTabLock<T>(task: () => Promise<T>): Promise<T> {
  return navigator.locks ? navigator.locks.request(LOCK_NAME, task) : task();
}

/**
 * Sends the queued reports: one flush at a time (and one tab at a time), in batches, with
 * exponential backoff and jitter when the network fails, no answer comes in time, or the server
 * says 429/503 (honouring Retry-After). Every try sends the same report ids, so the server stores
 * each report once. A record leaves the queue only when the server's answer names it; a held
 * one (its undo window still open) waits until its hold ends.
 */
export function createOutbox({ sender, onUnauthorized, post = postBatch }: OutboxOptions) {
  const status = signal<OutboxStatus>({ phase: 'idle' });
  let running: Promise<void> | null = null;
  let again = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Wakes the outbox when the earliest held report's undo window ends. */
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Until when the server asked us to stay away (429/503): a new report does not jump that queue. */
  let serverWaitUntil = 0;

  function retryLater(retryAfterMs: number | null): void {
    const delay = retryDelayMs(attempt, retryAfterMs);
    attempt += 1;
    const retryAt = Date.now() + delay;
    if (retryAfterMs !== null) serverWaitUntil = retryAt;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
    status.value = { phase: 'waiting', retryAt, serverAsked: retryAfterMs !== null };
  }

  function wakeAfterHolds(held: OutboxRecord[]): void {
    clearTimeout(holdTimer);
    if (held.length === 0) return;
    const end = Math.min(...held.map((record) => record.holdUntil!));
    holdTimer = setTimeout(() => nudge(), Math.max(0, end - Date.now()));
  }

  /**
   * Something worth a try happened (a report was queued or released, the page was opened or
   * shown again): send now, unless the server asked for a pause that is not over.
   */
  function nudge(): void {
    if (Date.now() >= serverWaitUntil) void flush();
  }

  /** One pass over the queue; false when it stopped early (offline, retry scheduled, token refused). */
  async function sendQueued(): Promise<boolean> {
    const from = sender();
    if (!from) {
      status.value = { phase: 'no-sender' };
      return false;
    }
    // onLine false is reliable (true is not): no point trying; the 'online' event resumes.
    if (!navigator.onLine) {
      status.value = { phase: 'offline' };
      return false;
    }
    // The time is taken before the read: a record whose hold ends after it is left for the next
    // pass, however long the read takes, so an undo that changeHeld allows never meets a sent report.
    const now = Date.now();
    const mine = (await allRecords()).filter((record) => record.state === 'queued' && record.reporterId === from.reporterId);
    wakeAfterHolds(mine.filter((record) => isHeld(record, now)));
    const queued = mine.filter((record) => !isHeld(record, now));
    for (const batch of batchesOf(queued)) {
      status.value = { phase: 'sending', ids: batch.map((record) => record.id) };
      const outcome = await post(
        from.token,
        batch[0]!.caravanId,
        batch.map((record) => record.report),
      );
      if (outcome.kind === 'later') {
        retryLater(outcome.retryAfterMs);
        return false;
      }
      if (outcome.kind === 'unauthorized') {
        status.value = { phase: 'unauthorized', message: outcome.message };
        onUnauthorized(outcome.message);
        return false;
      }
      await saveRecords(settleBatch(batch, outcome, Date.now()));
    }
    attempt = 0;
    await pruneSettled();
    status.value = { phase: 'idle' };
    return true;
  }

  /** Sends what is queued now; a call during a flush makes that flush look again when it ends. */
  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    clearTimeout(timer);
    running = (async () => {
      try {
        let finished: boolean;
        do {
          again = false;
          finished = await withTabLock(sendQueued);
        } while (finished && again);
      } catch (error) {
        // Storage or a bug, not the network: keep the queue and try again later, as for an outage.
        console.error('outbox: sending failed', error);
        retryLater(null);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    status,
    flush,
    nudge,
    /** The browser says the network is back: forget the backoff and send at once. */
    networkBack(): void {
      attempt = 0;
      serverWaitUntil = 0;
      void flush();
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
