import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import type { AuthConfig } from './auth-config';
import { AuthError } from './auth-error';
import { isPersonRole, type Principal } from './principal';

/** Reads the claims chuishao relies on; anything missing or wrong is a 401, never a guess. */
export function principalFromClaims(claims: JwtPayload): Principal {
  const { sub, role, departmentId, centerId } = claims as JwtPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || sub.trim() === '')
    throw new AuthError('TOKEN_CLAIMS_INVALID', 'token has no subject (sub)');
  if (!isPersonRole(role))
    throw new AuthError('TOKEN_CLAIMS_INVALID', `token role ${String(role)} is not a chuishao role`);
  if (role === 'liaison' && (typeof departmentId !== 'string' || departmentId === '')) {
    throw new AuthError('TOKEN_CLAIMS_INVALID', 'a liaison token must name its departmentId');
  }
  if ((role === 'clerk' || role === 'operator') && (typeof centerId !== 'string' || centerId === '')) {
    throw new AuthError('TOKEN_CLAIMS_INVALID', `a ${role} token must name its centerId`);
  }
  return {
    role,
    subject: sub,
    ...(typeof departmentId === 'string' && departmentId ? { departmentId } : {}),
    ...(typeof centerId === 'string' && centerId ? { centerId } : {}),
  };
}

/** Clocks of the identity provider and of this service may disagree by this much (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The longest a token may live, `exp - iat`, unless AUTH_MAX_TOKEN_HOURS says otherwise. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * A token must say when it was issued and when it ends, and must not live longer than the
 * configured maximum: a leaked token without `exp` would otherwise open every door for ever.
 */
export function checkTokenTimes(claims: JwtPayload, maxLifetimeSeconds: number, nowSeconds: number): void {
  const { iat, exp } = claims;
  if (typeof exp !== 'number') throw new AuthError('TOKEN_CLAIMS_INVALID', 'token has no expiry (exp)');
  if (typeof iat !== 'number') throw new AuthError('TOKEN_CLAIMS_INVALID', 'token has no issue time (iat)');
  if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS)
    throw new AuthError('TOKEN_INVALID', 'token is issued in the future (iat)');
  if (exp - iat > maxLifetimeSeconds)
    throw new AuthError(
      'TOKEN_INVALID',
      `token lives ${exp - iat} s, longer than the ${maxLifetimeSeconds} s allowed (exp - iat)`,
    );
}

export class TokenVerifier {
  private readonly jwks: JwksClient | null;
  /**
   * The HS256 secret as a key object, made once: given a string, jsonwebtoken first tries (and
   * fails) to parse it as a public key on every verify, ~0.4 ms a request (bench/FINDINGS.md).
   */
  private readonly secretKey: KeyObject | null;

  private readonly maxLifetimeSeconds: number;

  constructor(private readonly config: AuthConfig) {
    this.maxLifetimeSeconds = config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    this.secretKey = config.mode === 'hs256' ? createSecretKey(Buffer.from(config.secret, 'utf8')) : null;
    this.jwks =
      config.mode === 'rs256'
        ? new JwksClient({
            jwksUri: config.jwksUrl,
            cache: true,
            cacheMaxAge: 10 * 60_000,
            rateLimit: true,
            timeout: 5000,
          })
        : null;
  }

  /** Verifies signature, expiry (30 s tolerance), lifetime, issuer and audience, then reads the principal. */
  async verify(authorization: string | undefined): Promise<Principal> {
    return (await this.verifyWithExpiry(authorization)).principal;
  }

  /** As verify, with the moment the token stops being valid (a live stream closes then). */
  async verifyWithExpiry(
    authorization: string | undefined,
  ): Promise<{ principal: Principal; expiresAt: Date }> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <token>');
    const token = match[1];
    const key = await this.keyFor(token);
    try {
      const claims = jwt.verify(token, key, {
        algorithms: [this.config.mode === 'rs256' ? 'RS256' : 'HS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (typeof claims === 'string')
        throw new AuthError('TOKEN_INVALID', 'token payload is not a claims object');
      checkTokenTimes(claims, this.maxLifetimeSeconds, Math.floor(Date.now() / 1000));
      return { principal: principalFromClaims(claims), expiresAt: new Date(claims.exp! * 1000) };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof jwt.TokenExpiredError) throw new AuthError('TOKEN_EXPIRED', 'token has expired');
      throw new AuthError('TOKEN_INVALID', error instanceof Error ? error.message : 'token is not valid');
    }
  }

  private async keyFor(token: string): Promise<string | KeyObject> {
    if (this.secretKey) return this.secretKey;
    const header = jwt.decode(token, { complete: true })?.header;
    if (!header?.kid) throw new AuthError('TOKEN_INVALID', 'RS256 token has no key id (kid)');
    try {
      return (await this.jwks!.getSigningKey(header.kid)).getPublicKey();
    } catch (error) {
      throw new AuthError(
        'TOKEN_INVALID',
        `no signing key ${header.kid}: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
}
