import { hasOsmandPosition, osmandDeviceId, osmandFix } from './osmand-params';
import type { PhoneFix } from './phone-fix';
import { traccarJsonDeviceId, traccarJsonFix, traccarJsonHasPosition } from './traccar-json';

/** What an OsmAnd-protocol request carries its fix in. */
export type OsmandFields = { json: unknown } | { params: URLSearchParams };

/** A body of form parameters: from the form parser, or text/plain (Fastify's own parser) read the same way. */
function formParams(body: unknown): URLSearchParams | null {
  if (body instanceof URLSearchParams) return body;
  return typeof body === 'string' ? new URLSearchParams(body) : null;
}

/**
 * Where the fix is: a JSON object body is Traccar Client 9; otherwise OsmAnd-protocol parameters
 * from the query string, or from the body when the query has none (as Traccar's server reads them).
 * `body` is undefined before the body is read (then only the query counts).
 */
export function osmandFields(url: string, body: unknown): OsmandFields {
  const form = formParams(body);
  if (body !== undefined && !form) return { json: body };
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  return { params: query.size === 0 && form ? form : query };
}

/**
 * The device id an OsmAnd-protocol request presents, read as the route reads it: the credential the
 * route looks up and the rate limiter counts by.
 */
export function osmandRequestDeviceId(url: string, body: unknown): string | null {
  const fields = osmandFields(url, body);
  return 'json' in fields ? traccarJsonDeviceId(fields.json) : osmandDeviceId(fields.params);
}

/**
 * What one OsmAnd-protocol request says: a fix to store, or only that the phone is alive. Traccar
 * Client 10 sends its heartbeat as `id` and `timestamp` (plus battery) with no `lat` or `lon`;
 * Traccar's own server takes such a request too, so it is no error.
 */
export type OsmandMessage = { kind: 'fix'; fix: PhoneFix } | { kind: 'heartbeat' };

/** Reads the fix or heartbeat in a request's fields; `arrivedAtMs` times a fix sent without a time. */
export function osmandMessage(fields: OsmandFields, arrivedAtMs: number): OsmandMessage {
  if ('json' in fields) {
    if (!traccarJsonHasPosition(fields.json)) return { kind: 'heartbeat' };
    return { kind: 'fix', fix: traccarJsonFix(fields.json, arrivedAtMs) };
  }
  if (!hasOsmandPosition(fields.params)) return { kind: 'heartbeat' };
  return { kind: 'fix', fix: osmandFix(fields.params, arrivedAtMs) };
}
