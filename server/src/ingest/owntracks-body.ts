import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUnsafeKey } from '../plugins/json-body';
import { invalidInput } from '../validation';

/**
 * OwnTracks bodies, for the OwnTracks route only (register it inside its plugin): every body is
 * read as the JSON it is, whatever its Content-Type, since the booklet's own test script posts
 * JSON with curl's default `application/x-www-form-urlencoded`. An empty body (the apps post one
 * when a friend is removed) becomes `undefined`: nothing to store, nothing wrong.
 */
export function acceptOwntracksBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
  const parse = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => {
    if (body.trim() === '') return done(null, undefined);
    parseJson(request, body, (error, value) => {
      const unsafe = error ? null : findUnsafeKey(value, body);
      if (unsafe)
        done(
          invalidInput('invalid_input', [{ field: unsafe, rule: 'unsafeKey', message: `${unsafe}: this key is not allowed` }]),
        );
      else done(error, value);
    });
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  app.addContentTypeParser('*', { parseAs: 'string' }, parse);
}
