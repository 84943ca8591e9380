import type { PublicSnapshot } from '@rumbo/shared';
import { fetchPublicSnapshot } from './public-rest';
import { connectPublic } from './public-socket';

/** How often the page asks over HTTP while it has no socket. */
export const POLL_INTERVAL_MS = 60_000;

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
 * Keeps one caravan's public snapshot coming: the socket when it is up, a conditional GET every
 * minute while it is not (refused, blocked by a proxy, or gone). The first poll comes a whole
 * interval after the socket drops, so a blip the socket recovers from costs no request. The page
 * also reads the REST answer once at start: it is cacheable, and it paints even if the socket never connects.
 */
export function startPublicFeed(caravanId: string, handlers: PublicFeedHandlers): () => void {
  let etag: string | null = null;
  let newestReleasedUntil = '';
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  // The REST answer and the socket's can cross on the wire; an older release never replaces a newer one.
  const accept = (snapshot: PublicSnapshot) => {
    if (stopped || snapshot.releasedUntil < newestReleasedUntil) return;
    newestReleasedUntil = snapshot.releasedUntil;
    handlers.snapshot(snapshot);
  };

  async function poll(): Promise<void> {
    try {
      const answer = await fetchPublicSnapshot(caravanId, etag);
      if (answer.kind === 'snapshot') {
        etag = answer.etag;
        accept(answer.snapshot);
      } else if (answer.kind === 'not-public' && !stopped) handlers.notPublic();
    } catch {
      // Offline or a server error: the socket or the next poll brings the page up to date.
    }
  }

  const startPolling = () => {
    if (pollTimer !== undefined) return;
    pollTimer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    handlers.transport('polling');
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
    handlers.transport('socket');
  };

  handlers.transport('connecting');
  void poll();
  const disconnect = connectPublic(caravanId, {
    snapshot: accept,
    notPublic: handlers.notPublic,
    live: stopPolling,
    down: startPolling,
    gone() {
      // A poll in flight may still answer with the old snapshot: `stopped` turns it away.
      stopped = true;
      clearInterval(pollTimer);
      handlers.transport('stopped');
      handlers.gone();
    },
  });
  return () => {
    clearInterval(pollTimer);
    disconnect();
  };
}
