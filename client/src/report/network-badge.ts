import type { Translate } from '../i18n/i18n';

/** The online/offline badge in the header, as the browser reports it. */
export function createNetworkBadge(badge: HTMLElement, t: Translate): void {
  const show = () => {
    const state = navigator.onLine ? 'online' : 'offline';
    badge.dataset.state = state;
    badge.textContent = t(`network.${state}`);
  };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
}
