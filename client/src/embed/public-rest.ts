import type { PublicSnapshot, PublicUpdates } from '@rumbo/shared';

export type PublicRestAnswer =
  { kind: 'snapshot'; snapshot: PublicSnapshot; etag: string | null } | { kind: 'unchanged' } | { kind: 'not-public' };

const publicPath = (caravanId: string) => `/api/v1/public/caravans/${encodeURIComponent(caravanId)}`;

/**
 * The ETag as the server computed it: on the way through compression it becomes weak (`W/"…"`),
 * while an update names the strong one as its base.
 */
const strongEtag = (etag: string | null) => etag?.replace(/^W\//, '') ?? null;

/**
 * One read of the public projection over HTTP. With the last ETag it is a conditional request:
 * the fetch spec skips the HTTP cache for requests that carry If-None-Match, so a 304 reaches us
 * as "unchanged" instead of being turned back into the cached body. The first read carries no
 * header at all, so it takes the answer the page's preload (Link header) already fetched.
 */
export async function fetchPublicSnapshot(caravanId: string, etag: string | null): Promise<PublicRestAnswer> {
  const response = await fetch(publicPath(caravanId), { headers: etag ? { 'if-none-match': etag } : {} });
  if (response.status === 304) return { kind: 'unchanged' };
  // 400 is an id that cannot name a caravan (not a slug): to a reader that is the same as unknown.
  if (response.status === 404 || response.status === 400) return { kind: 'not-public' };
  if (!response.ok) throw new Error(`public snapshot: HTTP ${response.status}`);
  return {
    kind: 'snapshot',
    snapshot: (await response.json()) as PublicSnapshot,
    etag: strongEtag(response.headers.get('etag')),
  };
}

/**
 * What changed since the release step of the snapshot held. Every reader at that step asks the
 * same URL, so the browser's cache and any CDN in between answer it until the next step.
 */
export async function fetchPublicUpdates(
  caravanId: string,
  since: string,
): Promise<{ kind: 'updates'; updates: PublicUpdates } | { kind: 'not-public' }> {
  const response = await fetch(`${publicPath(caravanId)}/updates?since=${encodeURIComponent(since)}`);
  if (response.status === 404 || response.status === 400) return { kind: 'not-public' };
  if (!response.ok) throw new Error(`public updates: HTTP ${response.status}`);
  return { kind: 'updates', updates: (await response.json()) as PublicUpdates };
}
