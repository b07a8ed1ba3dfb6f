import { z } from 'zod';
import { envValue, refuse, text } from './env-values';
import { loadSettings, whenValid, type Environment } from './load-settings';

/**
 * The one switch for every development fallback (the built-in JWT secret, personal-data keys,
 * court secrets, ops-console's dev sign-in): `CHUISHAO_DEV=1`, which `npm start`, the demo and
 * the tests set. Never together with NODE_ENV=production (the images set that).
 */
export const developmentVariables = {
  CHUISHAO_DEV: envValue(false, (value) =>
    value === '1' ? true : value === '0' ? false : refuse(`must be 1 or unset, got ${value}`),
  ).describe('1: development fallbacks (published secrets and keys, dev sign-in) may run; unset otherwise'),
  NODE_ENV: text('').describe('production (the images) refuses CHUISHAO_DEV=1'),
};

type DevelopmentVariables = { CHUISHAO_DEV: boolean; NODE_ENV: string };

/** The refinement every schema with developmentVariables carries. */
export const refuseDevelopmentInProduction = [
  (value: DevelopmentVariables, ctx: z.core.$RefinementCtx<DevelopmentVariables>) => {
    if (value.CHUISHAO_DEV && value.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['CHUISHAO_DEV'],
        message: 'CHUISHAO_DEV=1 is refused with NODE_ENV=production',
      });
  },
  whenValid('CHUISHAO_DEV', 'NODE_ENV'),
] as const;

const developmentSchema = z
  .object(developmentVariables)
  .superRefine(...refuseDevelopmentInProduction)
  .transform((value) => value.CHUISHAO_DEV);

/** CHUISHAO_DEV=1 (and not in production): throws on any other value than 1, 0 or unset. */
export function developmentSwitch(env: Environment = process.env): boolean {
  return loadSettings(developmentSchema, env);
}

/** Long enough not to be guessed or brute-forced offline. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The fail-closed rule for a secret that guards anything (a JWT key, a court's signing secret):
 * outside development it must be the deployer's own — not one printed in this repository, and
 * 32+ characters. Answers the problem as a predicate, or undefined when the secret will do.
 */
export function guessableSecretProblem(secret: string, published: readonly string[]): string | undefined {
  if (published.includes(secret)) return 'is a secret published in the repository; set your own';
  if (secret.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}
