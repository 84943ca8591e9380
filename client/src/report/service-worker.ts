/** The worker lives at the site root but controls only the reporter page, not the newsroom at `/`. */
const WORKER_URL = '/report-sw.js';
const SCOPE = '/report';

/**
 * Registers the service worker that keeps the page's shell for offline starts. Only in the built
 * page: under the dev server its cache would hold modules that change on every save.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE }).catch((error: unknown) => {
    // The page works without it, only not offline from a cold start.
    console.warn('reporter page: service worker not registered', error);
  });
}
