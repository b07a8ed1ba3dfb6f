import {
  developmentSwitch,
  developmentVariables,
  guessableSecretProblem,
  loadSettings,
  optionalText,
  positiveNumber,
  refuseDevelopmentInProduction,
  secretValue,
  text,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';

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

/** Moved to the kernel's settings (one development switch for every lib and service); kept here for importers. */
export { developmentSwitch };

type Credentials = { CHUISHAO_DEV: boolean; AUTH_JWT_SECRET?: string; AUTH_JWKS_URL: string | null };

/**
 * Fails closed: without CHUISHAO_DEV=1 a missing, short or published secret stops the service;
 * with it, only the built-in secret is accepted, so the development switch can never sit beside
 * a real key.
 */
function refuseUnsafeCredentials(value: Credentials, ctx: z.core.$RefinementCtx): void {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message });
  const secret = value.AUTH_JWT_SECRET;
  if (value.CHUISHAO_DEV) {
    if (value.AUTH_JWKS_URL || (secret && secret !== DEVELOPMENT_SECRET))
      problem(
        'CHUISHAO_DEV=1 runs on the built-in development secret only: unset AUTH_JWT_SECRET and AUTH_JWKS_URL, or unset CHUISHAO_DEV',
      );
    return;
  }
  if (value.AUTH_JWKS_URL) return;
  if (!secret)
    return problem('set AUTH_JWKS_URL (RS256) or AUTH_JWT_SECRET, or CHUISHAO_DEV=1 for development');
  const guessable = guessableSecretProblem(secret, PUBLISHED_SECRETS);
  if (guessable) problem(`AUTH_JWT_SECRET ${guessable} (or CHUISHAO_DEV=1 for development)`);
}

/**
 * RS256 with a JWKS URL (AUTH_JWKS_URL) is the production mode: keys rotate at the identity
 * provider. HS256 with a shared secret (AUTH_JWT_SECRET) otherwise.
 */
const authSettingsSchema = z
  .object({
    ...developmentVariables,
    AUTH_ISSUER: text('chuishao').describe('the `iss` tokens must carry'),
    AUTH_AUDIENCE: text('chuishao').describe('the `aud` tokens must carry'),
    AUTH_MAX_TOKEN_HOURS: positiveNumber(12).describe('the longest a token may live, `exp - iat`, in hours'),
    AUTH_JWT_SECRET: secretValue().describe('HS256 shared secret: 32+ characters, not a published one'),
    AUTH_JWKS_URL: optionalText().describe("RS256: the identity provider's JWKS"),
  })
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(refuseUnsafeCredentials, whenValid('CHUISHAO_DEV', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL'))
  .transform((env): AuthConfig => {
    const common = {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      maxTokenLifetimeSeconds: Math.round(env.AUTH_MAX_TOKEN_HOURS * 3600),
    };
    if (env.CHUISHAO_DEV) return { mode: 'hs256', secret: DEVELOPMENT_SECRET, development: true, ...common };
    if (env.AUTH_JWKS_URL) return { mode: 'rs256', jwksUrl: env.AUTH_JWKS_URL, ...common };
    return { mode: 'hs256', secret: env.AUTH_JWT_SECRET ?? '', development: false, ...common };
  });

export function loadAuthConfig(env: Environment = process.env): AuthConfig {
  return loadSettings(authSettingsSchema, env);
}
