import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HttpError } from './errors';

/** One problem with one field: which field, which rule, in words. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * Our JSON API is strict: no type coercion and no silent removal of unknown fields in bodies.
 * Query strings arrive as text, so their validator coerces ("10" → 10) but is otherwise as strict.
 */
function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: false, strict: false });
  addFormats.default(ajv, ['date-time', 'uri']);
  return ajv;
}
export const bodyAjv = createAjv(false);
export const queryAjv = createAjv(true);

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const extra =
    (error.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ??
    (error.params as { missingProperty?: string }).missingProperty;
  if (extra) return path ? `${path}.${extra}` : extra;
  return path || '(body)';
}

function describe(error: ErrorObject, field: string): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `${field}: unknown field (not allowed here)`;
    case 'required':
      return `${field}: is required`;
    case 'anyOf':
      return `${field}: does not match any allowed form`;
    case 'format':
      return `${field}: must be a ${String((error.params as { format: string }).format)} string`;
    default:
      return `${field}: ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Turns Ajv's errors into one line per field. A union's branch errors are folded into its own
 * error, and a field named by a more specific rule is not repeated.
 */
export function fieldProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  const unionPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  const problems = new Map<string, FieldProblem>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && unionPaths.has(error.instancePath)) continue;
    const field = fieldOf(error);
    if (!problems.has(field)) problems.set(field, { field, rule: error.keyword, message: describe(error, field) });
  }
  return [...problems.values()];
}

/** A 400 that names every problem field; the message starts with the first one. */
export function invalidInput(code: string, problems: FieldProblem[]): HttpError {
  const message = problems.map((problem) => problem.message).join('; ') || 'invalid input';
  return new HttpError(400, code, message, problems);
}

/**
 * Refuses keys that could pollute prototypes, anywhere in a parsed body; returns the first one's
 * path. A loop, not recursion: a small body can nest deeper than the call stack goes.
 */
export function findUnsafeKey(value: unknown): string | null {
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

/** The problem reported for a key that could pollute prototypes. */
export const unsafeKeyProblem = (field: string): FieldProblem => ({
  field,
  rule: 'unsafeKey',
  message: `${field}: this key is not allowed`,
});

/** Validates a value against a compiled body validator; throws the 400 naming the fields. */
export function assertValid<T>(validate: ValidateFunction<T>, value: unknown, code: string): T {
  if (validate(value)) return value;
  throw invalidInput(code, fieldProblems(validate.errors ?? []));
}
