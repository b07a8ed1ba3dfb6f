import { developmentSwitch, guessableSecretProblem } from '@chuishao/kernel';

export type AuthConfig =
  | {
      mode: 'hs256';
      secret: string;
      issuer: string;
      audience: string;
      /** CHUISHAO_DEV=1 on the built-in secret: development fallbacks (dev sign-in) may run. */
      development?: boolean;
      /** Longest a token may live, `exp - iat` (AUTH_MAX_TOKEN_HOURS; the verifier's default 12 h). */
      maxTokenLifetimeSeconds?: number;
    }
  | {
      mode: 'rs256';
      jwksUrl: string;
      issuer: string;
      audience: string;
      maxTokenLifetimeSeconds?: number;
    };

/** Used only under CHUISHAO_DEV=1, so `npm start` works with no configuration at all. */
export const DEVELOPMENT_SECRET = 'chuishao-development-secret-not-for-production';

/**
 * Secrets printed in this repository (the built-in one, docker-compose.yml's): anyone can read
 * them, so a service refuses to guard anything with them unless told it is development.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  DEVELOPMENT_SECRET,
  'chuishao-compose-development-secret-change-me',
];

/** AUTH_MAX_TOKEN_HOURS (default 12): the longest a token may live, `exp - iat`. */
function maxTokenLifetimeSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.AUTH_MAX_TOKEN_HOURS;
  const hours = raw === undefined || raw === '' ? 12 : Number(raw);
  if (!Number.isFinite(hours) || hours <= 0)
    throw new Error(`AUTH_MAX_TOKEN_HOURS must be a positive number of hours, got ${raw}`);
  return Math.round(hours * 3600);
}

/** Moved to the kernel's settings (one development switch for every lib and service); kept here for importers. */
export { developmentSwitch };

/**
 * RS256 with a JWKS URL (AUTH_JWKS_URL) is the production mode: keys rotate at the identity
 * provider. HS256 with a shared secret (AUTH_JWT_SECRET) otherwise. Fails closed: without
 * CHUISHAO_DEV=1 a missing, short or published secret stops the service; with it, only the
 * built-in secret is accepted, so the development switch can never sit beside a real key.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const issuer = env.AUTH_ISSUER ?? 'chuishao';
  const audience = env.AUTH_AUDIENCE ?? 'chuishao';
  const development = developmentSwitch(env);
  const lifetime = { maxTokenLifetimeSeconds: maxTokenLifetimeSeconds(env) };
  const configured = env.AUTH_JWT_SECRET || undefined;
  if (development) {
    if (env.AUTH_JWKS_URL || (configured && configured !== DEVELOPMENT_SECRET))
      throw new Error(
        'CHUISHAO_DEV=1 runs on the built-in development secret only: unset AUTH_JWT_SECRET and AUTH_JWKS_URL, or unset CHUISHAO_DEV',
      );
    return { mode: 'hs256', secret: DEVELOPMENT_SECRET, issuer, audience, development, ...lifetime };
  }
  if (env.AUTH_JWKS_URL) return { mode: 'rs256', jwksUrl: env.AUTH_JWKS_URL, issuer, audience, ...lifetime };
  if (!configured)
    throw new Error('set AUTH_JWKS_URL (RS256) or AUTH_JWT_SECRET, or CHUISHAO_DEV=1 for development');
  const guessable = guessableSecretProblem(configured, PUBLISHED_SECRETS);
  if (guessable) throw new Error(`AUTH_JWT_SECRET ${guessable} (or CHUISHAO_DEV=1 for development)`);
  return { mode: 'hs256', secret: configured, issuer, audience, development, ...lifetime };
}
