/**
 * An HTTP-level refusal from the request pipeline itself (auth, rate limit, load shedding, body
 * size), with the status and code it answers with. The domain throws `DomainError`s instead.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
