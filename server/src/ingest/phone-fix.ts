import { InvalidInput } from '../domain-errors';
import { invalidInput, type FieldProblem } from '../validation';

/** The report fields a phone app can fill. */
export type PhoneField = 'lng' | 'lat' | 'recordedAt' | 'accuracyM' | 'altitudeM' | 'speedKmh' | 'headingDeg';

/**
 * One fix as a phone app sent it, already in our units (recordedAt in epoch milliseconds), plus
 * the app's own name for each field, so that an error names the parameter the app sent.
 */
export interface PhoneFix {
  report: Partial<Record<PhoneField, number>>;
  names: Partial<Record<PhoneField, string>>;
}

/** Sets one field of a fix under the name the app used; an absent value leaves the field out. */
export function setField(fix: PhoneFix, field: PhoneField, value: number | undefined, appName: string): void {
  if (value === undefined) return;
  fix.report[field] = value;
  fix.names[field] = appName;
}

/** A fix is invalid before ingest sees it: invalid input naming the app's parameter. */
export function invalidParam(appName: string, rule: string, explanation: string): InvalidInput {
  return invalidInput('invalid_report', [{ field: appName, rule, message: `${appName}: ${explanation}` }]);
}

/** Refuses the fix naming every required parameter that is missing, or does nothing when none is. */
export function assertPresent(required: Array<[appName: string, present: boolean]>): void {
  const problems: FieldProblem[] = required
    .filter(([, present]) => !present)
    .map(([appName]) => ({ field: appName, rule: 'required', message: `${appName}: is required` }));
  if (problems.length === 0) return;
  throw invalidInput('invalid_report', problems);
}

interface IngestError {
  code: string;
  message: string;
  details?: unknown[];
}

/**
 * Ingest names our fields (`lng`, `recordedAt`); the phone's user knows the app's (`lon`,
 * `timestamp`). Rewrites the `field:` prefixes of the message and of each detail.
 */
export function inAppTerms(error: IngestError, names: PhoneFix['names']): InvalidInput {
  const rename = (field: string) => names[field as PhoneField] ?? field;
  const renamePrefix = (line: string) => line.replace(/^([A-Za-z.]+):/, (_match, field: string) => `${rename(field)}:`);
  const details = error.details?.map((detail) => {
    const problem = detail as FieldProblem;
    return { ...problem, field: rename(problem.field), message: renamePrefix(problem.message) };
  });
  return new InvalidInput(error.code, error.message.split('; ').map(renamePrefix).join('; '), details);
}
