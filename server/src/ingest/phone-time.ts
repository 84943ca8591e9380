import { invalidParam } from './phone-fix';
import { DECIMAL } from './phone-numbers';

/** Below this a numeric timestamp is Unix seconds, at or above it milliseconds (Traccar's rule). */
const SECONDS_BELOW = 2 ** 31;

/** A numeric time as phones send it: Unix seconds below 2^31, else epoch milliseconds. */
export const epochMs = (value: number) => Math.round(value < SECONDS_BELOW ? value * 1000 : value);

/** ISO 8601, optionally with a space for the `T` (Traccar accepts both). */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A fix time as text: Unix seconds, epoch milliseconds or an ISO 8601 time. A zone-less time is
 * read as UTC, never as the server's local time. Throws `InvalidInput` naming `appName` when unreadable.
 */
export function timeParam(text: string, appName: string): number {
  if (DECIMAL.test(text)) return epochMs(Number(text));
  const match = ISO_TIME.exec(text);
  const ms = match ? Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw invalidParam(appName, 'format', 'must be Unix seconds, epoch milliseconds or an ISO 8601 time');
  }
  return ms;
}
