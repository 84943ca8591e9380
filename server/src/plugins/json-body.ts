import fp from 'fastify-plugin';
import { invalidInput, type FieldProblem } from '../validation';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A value met while walking a body, with the way back to the root for naming it. */
interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * Whether a JSON text may hold such a key: it names one of them, or it has a backslash-u escape,
 * the only way JSON can spell a letter or `_` of a key without writing it (`"\u005f_proto__"`).
 * Almost no body does either, and then the walk below, which allocates for every value, is skipped.
 */
const MAY_HOLD_UNSAFE_KEY = /__proto__|constructor|prototype|\\u/;

/**
 * The path of the first key, anywhere in a body parsed from `text`, that could pollute
 * prototypes, or null. A loop, not recursion: a small body can nest deeper than the call stack goes.
 */
export function findUnsafeKey(value: unknown, text: string): string | null {
  if (!MAY_HOLD_UNSAFE_KEY.test(text)) return null;
  const pending: Visit[] = [{ value, key: '', parent: null }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    if (visit.value === null || typeof visit.value !== 'object') continue;
    for (const [key, child] of Object.entries(visit.value)) {
      const next = { value: child, key, parent: visit };
      if (UNSAFE_KEYS.has(key)) return pathOf(next);
      pending.push(next);
    }
  }
  return null;
}

const unsafeKeyProblem = (field: string): FieldProblem => ({
  field,
  rule: 'unsafeKey',
  message: `${field}: this key is not allowed`,
});

/**
 * JSON bodies: Fastify's own parser, but a key that could pollute prototypes is refused with a
 * 400 naming it. Fastify's built-in check refuses them as "not valid JSON", naming nothing.
 * This is the only walk for such keys: every JSON body passes here before any route sees it.
 */
export default fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
      parseJson(request, body, (error, value) => {
        const unsafe = error ? null : findUnsafeKey(value, body);
        if (unsafe) done(invalidInput('invalid_input', [unsafeKeyProblem(unsafe)]), undefined);
        else done(error, value);
      });
    });
  },
  { name: 'json-body' },
);
