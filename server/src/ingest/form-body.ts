import type { FastifyInstance } from 'fastify';

/**
 * Form-encoded bodies, parsed into URLSearchParams, for the phone-protocol routes only: register
 * it inside their plugin, so our JSON API still answers 415. Any other Content-Type (or none, with
 * a chunked body) is read the same way, as Traccar's own server does: phone HTTP stacks label an
 * empty or form body oddly, and nobody can fix a phone app. The size limit is the route's bodyLimit.
 */
export function acceptFormBodies(app: FastifyInstance): void {
  const asForm = (_request: unknown, body: string, done: (error: null, value: URLSearchParams) => void) =>
    done(null, new URLSearchParams(body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, asForm);
  app.addContentTypeParser('*', { parseAs: 'string' }, asForm);
}
