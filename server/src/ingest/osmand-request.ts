import { osmandDeviceId } from './osmand-params';
import { traccarJsonDeviceId } from './traccar-json';

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
