import { loadSettings, optionalText, positiveWholeNumber, url, type Environment } from '@chuishao/kernel';
import { z } from 'zod';

export const DISPATCH_SETTINGS = Symbol.for('chuishao.dispatch.Settings');

/** dispatch's environment, each variable with its default and meaning (README "Settings"). */
export const dispatchSettingsSchema = z
  .object({
    SLA_ARRIVAL_SECONDS: positiveWholeNumber(1800).describe(
      'seconds from the whistle to the arrival deadline (SPEC: 30 minutes)',
    ),
    DEPARTMENT_URL: url('http://127.0.0.1:3003').describe('where the department directory answers'),
    DEPARTMENT_DIRECTORY_TOKEN: optionalText().describe(
      'the bearer token dispatch sends to the department directory; unset: a short-lived token it mints (hs256 only)',
    ),
  })
  .transform((env) => ({
    /** Seconds from the whistle to the arrival deadline (SPEC: 30 minutes by default). */
    arrivalSlaSeconds: env.SLA_ARRIVAL_SECONDS,
    departmentServiceUrl: env.DEPARTMENT_URL,
    /**
     * The bearer token dispatch sends to the department directory (DEPARTMENT_DIRECTORY_TOKEN).
     * When unset, dispatch mints a short-lived development token itself, which only works with the
     * shared-secret (hs256) auth mode; with rs256 (JWKS) a token must be configured.
     */
    departmentDirectoryToken: env.DEPARTMENT_DIRECTORY_TOKEN?.replace(/^Bearer\s+/i, '') ?? null,
  }));

export type DispatchSettings = z.infer<typeof dispatchSettingsSchema>;

export function loadDispatchSettings(env: Environment = process.env): DispatchSettings {
  return loadSettings(dispatchSettingsSchema, env);
}
