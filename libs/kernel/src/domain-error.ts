/**
 * Errors a domain raises about a request. `code` is a stable string (e.g. SUMMONS_NOT_FOUND) that
 * survives crossing a process boundary; `kind` tells the HTTP layer which status to answer
 * (invalid → 400, forbidden → 403, not_found → 404, conflict → 409, gone → 410, unavailable → 503) without the domain
 * knowing about HTTP.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'gone' | 'forbidden' | 'unavailable';

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
