import fp from 'fastify-plugin';
import { findUnsafeKey, invalidInput, unsafeKeyProblem } from '../validation';

/**
 * JSON bodies: Fastify's own parser, but a key that could pollute prototypes is refused with a
 * 400 naming it. Fastify's built-in check refuses them as "not valid JSON", naming nothing.
 */
export default fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
      parseJson(request, body, (error, value) => {
        const unsafe = error ? null : findUnsafeKey(value);
        if (unsafe) done(invalidInput('invalid_input', [unsafeKeyProblem(unsafe)]), undefined);
        else done(error, value);
      });
    });
  },
  { name: 'json-body' },
);
