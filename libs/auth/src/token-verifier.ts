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

export class TokenVerifier {
  private readonly jwks: JwksClient | null;
  /**
   * The HS256 secret as a key object, made once: given a string, jsonwebtoken first tries (and
   * fails) to parse it as a public key on every verify, ~0.4 ms a request (bench/FINDINGS.md).
   */
  private readonly secretKey: KeyObject | null;

  constructor(private readonly config: AuthConfig) {
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

  /** Verifies signature, expiry, issuer and audience, then reads the principal. */
  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <token>');
    const token = match[1];
    const key = await this.keyFor(token);
    try {
      const claims = jwt.verify(token, key, {
        algorithms: [this.config.mode === 'rs256' ? 'RS256' : 'HS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
      });
      if (typeof claims === 'string')
        throw new AuthError('TOKEN_INVALID', 'token payload is not a claims object');
      return principalFromClaims(claims);
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
