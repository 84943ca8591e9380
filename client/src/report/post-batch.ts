import type { IngestResult, ReportInput } from '@rumbo/shared';
import { retryAfterMs } from './retry-delay';

/**
 * What one batch post came to:
 * - `answered`: the server judged each item (accepted, duplicates included, or rejected by index);
 * - `refused`: the whole request was refused for good (no such caravan, not this reporter's);
 * - `unauthorized`: the token is no longer accepted; nothing is lost, the reporter must sign in again;
 * - `later`: no network, no answer in time, a captive portal, rate limited (429) or the store is down (503): try again.
 */
export type BatchOutcome =
  | { kind: 'answered'; accepted: { id: string; duplicate: boolean }[]; rejected: { index: number; message: string }[] }
  | { kind: 'refused'; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'later'; retryAfterMs: number | null; reason: string };

/**
 * How long one post may take. On a weak signal a request can hang for minutes with no error:
 * past this it counts as no answer and is retried with the same report ids (the server stores each once).
 */
export const SEND_TIMEOUT_MS = 15_000;

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${response.status}`;
}

/** Posts up to 500 reports as `{ reports: [...] }` with the reporter's token, giving up after SEND_TIMEOUT_MS. Never throws. */
export async function postBatch(token: string, caravanId: string, reports: ReportInput[]): Promise<BatchOutcome> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/caravans/${encodeURIComponent(caravanId)}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'later', retryAfterMs: null, reason: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) {
    // A body that stops arriving is cut by the same timeout: no answer, so tried again.
    const result = (await response.json().catch(() => null)) as IngestResult | null;
    // A captive portal or a proxy can answer 200 with a page of its own: that is no acknowledgement.
    if (!Array.isArray(result?.accepted) || !Array.isArray(result.rejected))
      return { kind: 'later', retryAfterMs: null, reason: 'unexpected answer' };
    return {
      kind: 'answered',
      accepted: result.accepted.map(({ id, duplicate }) => ({ id, duplicate })),
      rejected: result.rejected.map(({ index, error }) => ({ index, message: error.message })),
    };
  }
  const message = await errorMessage(response);
  if (response.status === 401) return { kind: 'unauthorized', message };
  if (response.status === 408 || response.status === 429 || response.status >= 500)
    return { kind: 'later', retryAfterMs: retryAfterMs(response.headers.get('retry-after')), reason: message };
  return { kind: 'refused', message };
}
