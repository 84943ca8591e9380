/** The first retry after a failure, and the longest wait between tries. */
const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;
/** Spread added to a server-given wait, so phones told the same Retry-After do not return in step. */
const RETRY_AFTER_SPREAD_MS = 2_000;

/**
 * How long to wait before try number `attempt + 1`: exponential, with jitter over the upper half
 * so phones that lost coverage together do not retry together; at least the server's Retry-After.
 * @example retryDelayMs(0, null) // 1–2 s; retryDelayMs(3, null) // 8–16 s; retryDelayMs(0, 30_000) // 30–32 s
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return retryAfterMs + random() * RETRY_AFTER_SPREAD_MS;
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds or an HTTP date; null when absent or unreadable.
 * @example retryAfterMs('120') // 120000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
