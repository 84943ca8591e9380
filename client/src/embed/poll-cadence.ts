/**
 * How often the embed polls the public API while it has no socket. Apart from public-feed.ts, with
 * no DOM code beside it, so that the readers benchmark (bench/readers-child.ts) simulates readers
 * with the very cadence the embed uses.
 */

/** How often the page asks over HTTP while it has no socket. */
export const POLL_INTERVAL_MS = 60_000;
/** Each poll comes up to this much later, so a crowd that opened the page together does not ask together. */
export const POLL_JITTER_MS = 15_000;
