import { LIMITS, ReportBatch } from '@rumbo/shared';
import type { FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import { TooLarge } from '../domain-errors';
import { fieldProblems, invalidInput } from '../validation';
import { exampleReportInput } from './examples';

/**
 * The body of POST .../reports: one report, or a batch `{ reports: [...] }`. The route schema
 * judges only the batch envelope (an object with `reports` must be a batch); each report is judged
 * by ingest's one validator, one by one, so a bad item never sinks a batch.
 */
export const ReportBody = Type.Unsafe<unknown>({
  description: `One report (ReportInput), or a batch \`{ "reports": [ReportInput, ...] }\` of at most ${LIMITS.batchReports}.`,
  if: { type: 'object', required: ['reports'] },
  then: ReportBatch,
  examples: [exampleReportInput, { reports: [exampleReportInput] }],
});

/** Whether a parsed body is a batch envelope (the route schema has checked it). */
export const isBatch = (body: unknown): body is { reports: unknown[] } =>
  body !== null && typeof body === 'object' && 'reports' in body;

/**
 * The route's validation errors in its own words: a batch over the limit is too large, any other
 * envelope problem an invalid batch; a bad path parameter is invalid input, as on every route.
 */
export function reportBodyError(errors: FastifySchemaValidationError[], part: string): Error {
  const problems = fieldProblems(errors as never);
  if (part !== 'body') return invalidInput('invalid_input', problems);
  if (problems.some((problem) => problem.rule === 'maxItems'))
    return new TooLarge('batch_too_large', `reports: at most ${LIMITS.batchReports} reports in one batch`, problems);
  return invalidInput('invalid_batch', problems);
}
