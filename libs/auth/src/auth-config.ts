export type AuthConfig =
  | { mode: 'hs256'; secret: string; issuer: string; audience: string }
  | { mode: 'rs256'; jwksUrl: string; issuer: string; audience: string };

/** Used only outside production, so `npm start` works with no configuration at all. */
export const DEVELOPMENT_SECRET = 'chuishao-development-secret-not-for-production';

/**
 * RS256 with a JWKS URL (AUTH_JWKS_URL) is the production mode: keys rotate at the identity
 * provider. HS256 with a shared secret (AUTH_JWT_SECRET) is for development and tests; production
 * refuses to start on the built-in development secret.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const issuer = env.AUTH_ISSUER ?? 'chuishao';
  const audience = env.AUTH_AUDIENCE ?? 'chuishao';
  if (env.AUTH_JWKS_URL) return { mode: 'rs256', jwksUrl: env.AUTH_JWKS_URL, issuer, audience };
  const secret = env.AUTH_JWT_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SECRET);
  if (!secret) throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL must be set in production');
  if (secret.length < 32) throw new Error('AUTH_JWT_SECRET must be at least 32 characters');
  return { mode: 'hs256', secret, issuer, audience };
}
