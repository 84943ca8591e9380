import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, type DomainErrorKind } from '../domain-errors';
import { HttpError } from '../errors';
import { fieldProblems, invalidInput } from '../validation';

const STORE_DOWN =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection is closed|MaxRetriesPerRequest|Stream isn't writeable|LOADING|Command timed out/;

/** The one table from what went wrong in the domain to the HTTP status it answers with. */
const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
};

/** The HTTP status a domain error answers with. */
export const statusOf = (error: DomainError): number => STATUS_OF_KIND[error.kind];

/** Maps any thrown error to the JSON error contract; never leaks internals on a 5xx. */
function toHttpError(error: FastifyError | DomainError): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) return new HttpError(statusOf(error), error.code, error.message, error.details);
  if (error.validation) return toHttpError(invalidInput('invalid_input', fieldProblems(error.validation as never)));
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body_too_large', 'the request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'unsupported Content-Type; send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'the body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (error.name === 'MaxRetriesPerRequestError' || STORE_DOWN.test(error.message)) {
    return new HttpError(503, 'store_unavailable', 'the store is unreachable; retry later', undefined, 5);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new HttpError(status, error.code?.toLowerCase() ?? 'bad_request', error.message);
  return new HttpError(500, 'internal_error', 'internal error');
}

/** One error handler and one not-found handler for the whole app. */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
      const httpError = toHttpError(error);
      if (httpError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: httpError.code, status: httpError.statusCode }, httpError.message);
      if (httpError.retryAfterSeconds !== undefined) reply.header('retry-after', String(httpError.retryAfterSeconds));
      const body = {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.details ? { details: httpError.details } : {}),
      };
      return reply.code(httpError.statusCode).send({ error: body });
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` } }),
    );
  },
  { name: 'errors' },
);
