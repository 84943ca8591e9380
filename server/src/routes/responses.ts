import { ErrorBody } from '@rumbo/shared';
import { Type, type Static, type TSchema } from 'typebox';

/** What each error status means on this API; every error answers `ErrorBody`. */
const ERROR_MEANINGS = {
  400: 'Invalid input: the message and `details` name each field and the rule it breaks.',
  401: 'No credential, or one that belongs to nobody (or to a revoked account).',
  403: 'The credential may not do this.',
  404: 'Not found.',
  409: 'Conflicts with what is stored.',
  413: 'Too large: the body, or what it holds.',
  415: 'Unsupported Content-Type.',
  429: 'Rate limited; `Retry-After` says when to retry.',
  501: 'Not implemented: the answer was asked for in a format this server does not write.',
  503: 'Overloaded, or the store is unreachable; `Retry-After` says when to retry.',
};
type ErrorStatus = keyof typeof ERROR_MEANINGS;

/**
 * Response schemas for the error statuses a route answers, each the one error shape. Every route
 * may be rate limited or shed under load, so 429 and 503 are always among them.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const responses = {} as Record<S | 429 | 503, typeof ErrorBody & { description: string }>;
  for (const status of [...statuses, 429, 503] as Array<S | 429 | 503>) {
    responses[status] = { ...ErrorBody, description: ERROR_MEANINGS[status] };
  }
  return responses;
}

/** OpenAPI security requirements, named as in plugins/openapi.ts. */
export const SECURITY: Record<'bearer' | 'basic' | 'deviceId', Array<Record<string, string[]>>> = {
  bearer: [{ bearerAuth: [] }],
  basic: [{ basicAuth: [] }],
  deviceId: [{ deviceId: [] }],
};

/** A schema with one example of what it describes, shown in the OpenAPI document. */
export const withExample = <T extends TSchema>(schema: T, example: Static<T>): T => ({ ...schema, examples: [example] });

/** A response without a body (`reply.send()`). */
export const emptyResponse = (description: string) => Type.Unsafe<undefined>({ type: 'null', description });
