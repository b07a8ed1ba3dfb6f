import { issueDevelopmentToken, type AuthConfig } from '@chuishao/auth';

export const SERVICE_TOKEN_SOURCE = Symbol.for('chuishao.dispatch.ServiceTokenSource');

/** The account dispatch calls other services as; travels as `sub` of the token it mints. */
export const DISPATCH_SERVICE_SUBJECT = 'service:dispatch';

/** Lifetime of a minted token, and how long before its expiry it is replaced. */
export const MINTED_TOKEN_LIFETIME_SECONDS = 600;
export const MINTED_TOKEN_RENEW_BEFORE_SECONDS = 120;

/** Where the bearer token dispatch sends to the department directory comes from. */
export interface ServiceTokenSource {
  /** `configured` (DEPARTMENT_DIRECTORY_TOKEN) or `minted` (development, hs256). */
  readonly kind: 'configured' | 'minted';
  /** The token to send now (without the `Bearer ` prefix). */
  token(): string;
  /** The directory refused the token: a minted one is replaced on the next call. */
  invalidate(): void;
}

class ConfiguredToken implements ServiceTokenSource {
  readonly kind = 'configured' as const;
  constructor(private readonly value: string) {}
  token(): string {
    return this.value;
  }
  invalidate(): void {
    // Nothing to renew: an operator replaces DEPARTMENT_DIRECTORY_TOKEN.
  }
}

class MintedToken implements ServiceTokenSource {
  readonly kind = 'minted' as const;
  private current: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly auth: Extract<AuthConfig, { mode: 'hs256' }>,
    private readonly now: () => number,
    private readonly mint: typeof issueDevelopmentToken,
  ) {}

  token(): string {
    const now = this.now();
    if (!this.current || now >= this.current.expiresAt - MINTED_TOKEN_RENEW_BEFORE_SECONDS * 1000) {
      this.current = {
        token: this.mint({
          role: 'ops',
          subject: DISPATCH_SERVICE_SUBJECT,
          secret: this.auth.secret,
          issuer: this.auth.issuer,
          audience: this.auth.audience,
          expiresInSeconds: MINTED_TOKEN_LIFETIME_SECONDS,
        }),
        expiresAt: now + MINTED_TOKEN_LIFETIME_SECONDS * 1000,
      };
    }
    return this.current.token;
  }

  invalidate(): void {
    this.current = null;
  }
}

/**
 * DEPARTMENT_DIRECTORY_TOKEN when set. Otherwise, with the shared-secret (hs256) auth mode of
 * development and tests, dispatch mints its own short-lived `ops` token as `service:dispatch` and
 * renews it before it expires. With rs256 (keys at an identity provider) dispatch cannot mint a
 * token, so a missing DEPARTMENT_DIRECTORY_TOKEN stops the service at start-up.
 *
 * `now` paces renewal only; it is wall-clock time because the token's `exp` is (tests may freeze
 * the service's Clock, but not the department service's token check).
 */
export function createServiceTokenSource(
  auth: AuthConfig,
  configuredToken: string | null,
  options: { now?: () => number; mint?: typeof issueDevelopmentToken } = {},
): ServiceTokenSource {
  if (configuredToken) return new ConfiguredToken(configuredToken);
  if (auth.mode === 'hs256')
    return new MintedToken(auth, options.now ?? Date.now, options.mint ?? issueDevelopmentToken);
  throw new Error(
    'DEPARTMENT_DIRECTORY_TOKEN must be set: with AUTH_JWKS_URL (rs256) dispatch cannot mint its own ' +
      'token, and the department directory (GET /departments) needs a bearer token',
  );
}
