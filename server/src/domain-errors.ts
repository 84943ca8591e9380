/**
 * What can go wrong in the domain (ingest, accounts, caravans, the protocol adapters), said in
 * the domain's words. The domain does not know HTTP: plugins/errors.ts maps each kind to a
 * status in one table. `code` is the stable, machine-readable name clients match on.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly code: string,
    message: string,
    /** One entry per problem, e.g. a field and the rule it breaks. */
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type DomainErrorKind =
  'invalid_input' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported_media_type';

/** Input that breaks a rule; `details` names each field and the rule. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid_input';
}

/** No credential, or one that belongs to nobody (or to a revoked account). */
export class Unauthorized extends DomainError {
  readonly kind = 'unauthorized';
  constructor(message: string) {
    super('unauthorized', message);
  }
}

/** A known caller asking for what it may not do. */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The thing named does not exist; `what` names it ("caravan demo"). */
export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

/** The request is fine but clashes with what is stored (an id taken, a setting missing). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** More than the domain takes at once (reports in a batch, points in a file). */
export class TooLarge extends DomainError {
  readonly kind = 'too_large';
}

/** A body in a format this path does not read. */
export class UnsupportedMediaType extends DomainError {
  readonly kind = 'unsupported_media_type';
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}
