/**
 * Errors a domain raises about a request. `code` is a stable string (e.g. SUMMONS_NOT_FOUND) that
 * survives crossing a process boundary; `kind` tells the HTTP layer which status to answer
 * (invalid → 400, forbidden → 403, not_found → 404, conflict → 409, gone → 410, too_large → 413,
 * unsupported_media_type → 415, unavailable → 503) without the domain
 * knowing about HTTP.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'forbidden'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 'not_found', message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 'conflict', message, details);
  }
}

/** The thing existed but is no more to be had (a one-time link used or expired). */
export class GoneError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'gone', message);
  }
}

export class InvalidError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly field?: string,
  ) {
    super(code, 'invalid', message, field ? { field } : undefined);
  }
}

export class UnavailableError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(code, 'unavailable', message);
  }
}

/** The caller may not do this to this thing (e.g. a liaison acting on another department's summons). */
export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 'forbidden', message, details);
  }
}

/** What was sent is larger than the rule allows (a file over the size limit). */
export class TooLargeError extends DomainError {
  constructor(code: string, message: string, field: string) {
    super(code, 'too_large', message, { field });
  }
}

/** What was sent is not of a type accepted here, as its content says (not its name). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(code: string, message: string, field: string) {
    super(code, 'unsupported_media_type', message, { field });
  }
}
