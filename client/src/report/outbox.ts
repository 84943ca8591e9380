import { signal } from '@preact/signals-core';
import { batchesOf, settleBatch } from './outbox-batches';
import { allRecords, pruneSettled, saveRecords } from './outbox-store';
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
  | { phase: 'sending' }
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
 * exponential backoff and jitter when the network fails or the server says 429/503 (honouring
 * Retry-After). A record leaves the queue only when the server's answer names it.
 */
export function createOutbox({ sender, onUnauthorized, post = postBatch }: OutboxOptions) {
  const status = signal<OutboxStatus>({ phase: 'idle' });
  let running: Promise<void> | null = null;
  let again = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
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
    const queued = (await allRecords()).filter((record) => record.state === 'queued' && record.reporterId === from.reporterId);
    for (const batch of batchesOf(queued)) {
      status.value = { phase: 'sending' };
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
    /**
     * Something worth a try happened (a report was queued, the page was opened or shown again):
     * send now, unless the server asked for a pause that is not over.
     */
    nudge(): void {
      if (Date.now() >= serverWaitUntil) void flush();
    },
    /** The browser says the network is back: forget the backoff and send at once. */
    networkBack(): void {
      attempt = 0;
      serverWaitUntil = 0;
      void flush();
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
