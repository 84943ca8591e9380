import type { PublicSnapshot } from '@rumbo/shared';

export type PublicRestAnswer =
  { kind: 'snapshot'; snapshot: PublicSnapshot; etag: string | null } | { kind: 'unchanged' } | { kind: 'not-public' };

/**
 * One read of the public projection over HTTP. With the last ETag it is a conditional request:
 * the fetch spec skips the HTTP cache for requests that carry If-None-Match, so a 304 reaches us
 * as "unchanged" instead of being turned back into the cached body.
 */
export async function fetchPublicSnapshot(caravanId: string, etag: string | null): Promise<PublicRestAnswer> {
  const response = await fetch(`/api/v1/public/caravans/${encodeURIComponent(caravanId)}`, {
    headers: etag ? { 'if-none-match': etag } : {},
  });
  if (response.status === 304) return { kind: 'unchanged' };
  // 400 is an id that cannot name a caravan (not a slug): to a reader that is the same as unknown.
  if (response.status === 404 || response.status === 400) return { kind: 'not-public' };
  if (!response.ok) throw new Error(`public snapshot: HTTP ${response.status}`);
  return { kind: 'snapshot', snapshot: (await response.json()) as PublicSnapshot, etag: response.headers.get('etag') };
}
