import { CaravanId } from '@rumbo/shared';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { InvalidInput } from './domain-errors';

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

/** A caravan id in a socket message or a message between instances, which no route schema checks. */
export const isCaravanId = bodyAjv.compile<string>(CaravanId);

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
 * error, and a field named by a more specific rule is not repeated. An `if` error only says its
 * `then` failed; the `then` errors name the fields.
 */
export function fieldProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  const unionPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  const problems = new Map<string, FieldProblem>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (error.keyword !== 'anyOf' && unionPaths.has(error.instancePath)) continue;
    const field = fieldOf(error);
    if (!problems.has(field)) problems.set(field, { field, rule: error.keyword, message: describe(error, field) });
  }
  return [...problems.values()];
}

/** Invalid input naming every problem field; the message starts with the first one. */
export function invalidInput(code: string, problems: FieldProblem[]): InvalidInput {
  const message = problems.map((problem) => problem.message).join('; ') || 'invalid input';
  return new InvalidInput(code, message, problems);
}
