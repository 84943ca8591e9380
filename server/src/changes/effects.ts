import type { CachedAccountStore } from '../accounts/cached-account-store';
import type { AlertEngine } from '../alerts/alert-engine';
import type { PublicViews } from '../public/public-views';
import type { Newsroom } from '../realtime/newsroom';
import type { PublicNamespace } from '../realtime/public-namespace';
import type { CaravanCache } from '../services/caravan-cache';
import type { ChangeFeed } from './change-feed';

export interface EffectTargets {
  feed: ChangeFeed;
  newsroom: Pick<Newsroom, 'reportsStored' | 'reportsUpdated' | 'summaryChanged' | 'accountChanged'>;
  caravans: Pick<CaravanCache, 'forget'>;
  accounts: Pick<CachedAccountStore, 'forget'>;
  publicViews: Pick<PublicViews, 'invalidate'>;
  publicSockets: Pick<PublicNamespace, 'push'>;
  alerts: Pick<AlertEngine, 'reportsStored' | 'reportsUpdated'>;
}

/**
 * Everything a write causes, in one place. Read top to bottom: on the instance that wrote, then
 * on every instance. The newsroom's pushes run once, where the write happened (a room broadcast
 * reaches every instance through the adapter); caches live in each instance, so what drops them
 * is a signal that every instance hears.
 */
export function subscribeEffects({
  feed,
  newsroom,
  caravans,
  accounts,
  publicViews,
  publicSockets,
  alerts,
}: EffectTargets): void {
  // New reports: each to the newsroom as report:new, then the summary. The public view does not
  // change now: a fix shows only once its arrival too is a delay old, at a release step, when
  // each instance's release timer pushes it.
  feed.onWrite('reports:stored', ({ caravan, reports }) => newsroom.reportsStored(caravan, reports));

  // Alerts are judged where the change was taken (once, on one instance), after the write was
  // answered; the store's claims keep each alert once even so.
  feed.onWrite('reports:stored', ({ caravan, reports }) => alerts.reportsStored(caravan, reports));
  feed.onWrite('reports:updated', ({ caravan, reports }) => alerts.reportsUpdated(caravan, reports));

  // Reports hidden, restored or judged again (a neighbour came or went): report:update each and the
  // summary to the newsroom; the public view changes at once, everywhere.
  feed.onWrite('reports:updated', ({ caravan }) => feed.signal('public:changed', { caravanId: caravan.id }));
  feed.onWrite('reports:updated', ({ caravan, reports }) => newsroom.reportsUpdated(caravan, reports));

  // New caravan settings: every instance forgets the caravan it kept, then the newsroom hears.
  feed.onWrite('caravan:changed', ({ caravan }) => feed.signal('caravan:settings', { caravanId: caravan.id }));
  feed.onWrite('caravan:changed', ({ caravan }) => newsroom.summaryChanged(caravan));

  // An account changed (revoked, say): its sockets may be open on any instance, so every one hears.
  feed.onWrite('account:changed', ({ accountId }) => feed.signal('account:changed', { accountId }));

  // On every instance. Dropping a cache is synchronous: the writer's own next request reads anew.
  const refreshPublic = (caravanId: string) => {
    publicViews.invalidate(caravanId);
    return publicSockets.push(caravanId);
  };
  feed.onSignal('caravan:settings', ({ caravanId }) => caravans.forget(caravanId));
  feed.onSignal('caravan:settings', ({ caravanId }) => refreshPublic(caravanId));
  feed.onSignal('public:changed', ({ caravanId }) => refreshPublic(caravanId));
  // The account's secrets are looked up anew before its sockets are checked again.
  feed.onSignal('account:changed', ({ accountId }) => accounts.forget(accountId));
  feed.onSignal('account:changed', ({ accountId }) => newsroom.accountChanged(accountId));
}
