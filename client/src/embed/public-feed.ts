import type { PublicSnapshot } from '@rumbo/shared';
import { applyPublicUpdates, type HeldSnapshot } from '@rumbo/shared/public-updates';
import { fetchPublicSnapshot, fetchPublicUpdates } from './public-rest';
import { POLL_INTERVAL_MS, POLL_JITTER_MS } from './poll-cadence';
import { connectPublic } from './public-socket';

export { POLL_INTERVAL_MS, POLL_JITTER_MS };

/** `stopped`: the caravan is no longer public, and the page asks no more. */
export type Transport = 'connecting' | 'socket' | 'polling' | 'stopped';

export interface PublicFeedHandlers {
  snapshot(snapshot: PublicSnapshot): void;
  notPublic(): void;
  /** The caravan stopped being public while the page showed it: drop what it showed. */
  gone(): void;
  transport(transport: Transport): void;
}

/**
 * Keeps one caravan's public snapshot coming. The page reads the snapshot once at start (the
 * page's preload has usually fetched it already), then, by default, asks every minute for the
 * updates since its release step: cacheable URLs that every reader at that step shares, so a CDN
 * or nginx answers a crowd with one request to Rumbo per step. Where the server allows it
 * (`live`, PUBLIC_LIVE=1) the `/public` socket pushes instead, and the polls stand in only while
 * the socket is down; the first comes a whole interval after it drops, so a blip costs nothing.
 */
export function startPublicFeed(caravanId: string, handlers: PublicFeedHandlers, live: Promise<boolean>): () => void {
  /** The newest snapshot read over HTTP, with its ETag: the base the updates apply to. */
  let held: HeldSnapshot | null = null;
  let newestReleasedUntil = '';
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  let stopped = false;
  let disconnect = () => {};

  // REST and socket answers can cross on the wire; an older release never replaces a newer one.
  const accept = (snapshot: PublicSnapshot) => {
    if (stopped || snapshot.releasedUntil < newestReleasedUntil) return;
    newestReleasedUntil = snapshot.releasedUntil;
    handlers.snapshot(snapshot);
  };
  const acceptHeld = (next: HeldSnapshot) => {
    if (next.snapshot === held?.snapshot) return;
    held = next;
    accept(next.snapshot);
  };
  const stop = () => {
    stopped = true;
    polling = false;
    clearTimeout(pollTimer);
    disconnect();
    handlers.transport('stopped');
  };
  const notPublic = () => {
    if (stopped) return;
    // Shown, then not found: it was archived; never shown: it is not public (yet), keep asking.
    if (held) {
      stop();
      handlers.gone();
    } else handlers.notPublic();
  };

  async function readSnapshot(): Promise<void> {
    const answer = await fetchPublicSnapshot(caravanId, held?.etag ?? null);
    if (answer.kind === 'snapshot' && answer.etag) acceptHeld({ snapshot: answer.snapshot, etag: answer.etag });
    else if (answer.kind === 'snapshot') accept(answer.snapshot);
    else if (answer.kind === 'not-public') notPublic();
  }

  /** Updates on the held snapshot; the whole snapshot again when they do not apply to it. */
  async function poll(): Promise<void> {
    try {
      if (!held) return await readSnapshot();
      const answer = await fetchPublicUpdates(caravanId, held.snapshot.releasedUntil);
      if (answer.kind === 'not-public') return notPublic();
      const next = applyPublicUpdates(held, answer.updates);
      if (next) acceptHeld(next);
      else await readSnapshot();
    } catch {
      // Offline or a server error: the next poll (or the socket) brings the page up to date.
    }
  }

  const scheduleNextPoll = () => {
    pollTimer = setTimeout(
      () => void poll().finally(() => polling && !stopped && scheduleNextPoll()),
      POLL_INTERVAL_MS + Math.random() * POLL_JITTER_MS,
    );
  };
  const startPolling = () => {
    if (polling || stopped) return;
    polling = true;
    scheduleNextPoll();
    handlers.transport('polling');
  };
  const stopPolling = () => {
    polling = false;
    clearTimeout(pollTimer);
    handlers.transport('socket');
  };

  handlers.transport('connecting');
  void readSnapshot().catch(() => undefined);
  void live.then((goLive) => {
    if (stopped) return;
    if (!goLive) return startPolling();
    disconnect = connectPublic(caravanId, {
      snapshot: accept,
      notPublic,
      live: stopPolling,
      down: startPolling,
      gone() {
        // A poll in flight may still answer with the old snapshot: `stopped` turns it away.
        stop();
        handlers.gone();
      },
    });
  });
  return () => {
    polling = false;
    clearTimeout(pollTimer);
    disconnect();
  };
}
