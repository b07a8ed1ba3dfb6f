/** Why a request could not be authenticated; the code travels in the 401 body. */
export type AuthErrorCode =
  | 'TOKEN_MISSING'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'TOKEN_CLAIMS_INVALID'
  /** A live stream's single-use ticket is unknown, spent or stale. */
  | 'TICKET_INVALID';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
