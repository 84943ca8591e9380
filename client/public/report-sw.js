/* global self, caches, fetch, setTimeout, clearTimeout */
/**
 * Service worker of the reporter page (/report): once visited, the page opens without a network.
 * - /report itself: network first (a new release shows at once), the kept copy when offline or slow;
 * - the page's built assets (hashed names, never changed in place): cache first;
 * - /api/…: never touched, never cached. Reports and tokens are IndexedDB's and the server's business.
 * `npm -w client run build` replaces the PRECACHE line below with this build's asset list and version
 * (scripts/report-precache.mjs): a new build is a new worker, which drops the old cache.
 */
const PRECACHE = { version: 'dev', urls: [] };

const CACHE = `rumbo-report-${PRECACHE.version}`;
const PAGE = '/report';
/** On a weak signal ("lie-fi") a navigation can hang for minutes: past this, the kept page is shown. */
const NETWORK_PATIENCE_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([PAGE, ...PRECACHE.urls]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key.startsWith('rumbo-report-') && key !== CACHE).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  );
});

/**
 * The page from the network (kept for next time), or the kept copy when the network fails, answers
 * with an error, or dawdles. `keepAlive` lets a late answer still refresh the kept copy.
 */
async function pageNetworkFirst(request, keepAlive) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(PAGE, response.clone());
    return response;
  });
  keepAlive(fromNetwork.catch(() => undefined));
  let timer;
  const patience = new Promise((resolve) => (timer = setTimeout(resolve, NETWORK_PATIENCE_MS)));
  try {
    const first = await Promise.race([fromNetwork, patience]);
    if (first?.ok) return first;
    return (await cache.match(PAGE)) ?? first ?? (await fromNetwork);
  } catch (error) {
    const kept = await cache.match(PAGE);
    if (kept) return kept;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A hashed asset: the kept copy, else the network (and keep it). */
async function assetCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate' && (url.pathname === PAGE || url.pathname === `${PAGE}.html`)) {
    event.respondWith(pageNetworkFirst(request, (promise) => event.waitUntil(promise)));
  } else if (url.pathname.startsWith('/assets/') || PRECACHE.urls.includes(url.pathname)) {
    event.respondWith(assetCacheFirst(request));
  }
});
