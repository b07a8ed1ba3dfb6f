import {
  developmentVariables,
  guessableSecretProblem,
  loadSettings,
  onOffSwitch,
  optionalEndpoint,
  optionalUrl,
  portNumber,
  refuseDevelopmentInProduction,
  regularExpression,
  secretValue,
  text,
  whenValid,
  wholeNumber,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';

export const SIMULATOR_SETTINGS = Symbol.for('chuishao.court-simulator.Settings');

/** Printed in this repository (judicial-confirmation's development default too): CHUISHAO_DEV=1 only. */
export const DEVELOPMENT_COURT_SECRET = 'dev-court-secret';

/** The simulator's environment, each variable with its default and meaning (README "Settings"). */
export const simulatorSettingsSchema = z
  .object({
    ...developmentVariables,
    COURT_ID: text('court-simulator').describe(
      'this court’s id, its entry in judicial-confirmation’s COURT_SECRETS',
    ),
    COURT_SECRET: secretValue().describe(
      'shared with judicial-confirmation; 32+ characters, the published dev-court-secret only under CHUISHAO_DEV=1',
    ),
    COURT_CODE: text('赣0702').describe('court code in case numbers (Ganzhou, Zhanggong district)'),
    COURT_ACCEPT_AFTER_MS: wholeNumber(2000).describe('a filing is accepted this long after it arrives'),
    COURT_RULE_AFTER_MS: wholeNumber(5000).describe('…and ruled on this long after acceptance'),
    COURT_REFUSE_TERMS_MATCHING: regularExpression('\\[court:refuse\\]').describe(
      'terms matching it: not accepted',
    ),
    COURT_REJECT_TERMS_MATCHING: regularExpression('\\[court:reject\\]').describe(
      'terms matching it: not confirmed',
    ),
    COURT_EXTEND_TERMS_MATCHING: regularExpression('\\[court:extend\\]').describe(
      'terms matching it: ruling extended',
    ),
    COURT_DOWN: onOffSwitch(false).describe('the outage switch: every filing call answers 503'),
    COURT_RESPONSE_DELAY_MS: wholeNumber(0).describe('a slow court: every filing call waits this long'),
    COURT_CALLBACK_URL: optionalEndpoint().describe('where notices go when a filing names no callbackUrl'),
    JUDICIAL_CONFIRMATION_URL: optionalUrl().describe('…else its /court/callbacks'),
    COURT_CALLBACK_RETRY_MS: wholeNumber(1000).describe('a failed notice is sent again after this long'),
  })
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(
    // Fails closed: the published secret only under CHUISHAO_DEV=1, else the deployer's own.
    (value, ctx) => {
      if (value.CHUISHAO_DEV) return;
      const problem = value.COURT_SECRET
        ? guessableSecretProblem(value.COURT_SECRET, [DEVELOPMENT_COURT_SECRET])
        : 'set COURT_SECRET (32+ characters), or CHUISHAO_DEV=1 for development';
      if (problem) ctx.addIssue({ code: 'custom', path: ['COURT_SECRET'], message: problem });
    },
    whenValid('CHUISHAO_DEV', 'COURT_SECRET'),
  )
  .transform((env) => ({
    courtId: env.COURT_ID,
    /** Shared with judicial-confirmation (its COURT_SECRETS entry for this court id). */
    secret: env.COURT_SECRET ?? DEVELOPMENT_COURT_SECRET,
    courtCode: env.COURT_CODE,
    acceptAfterMs: env.COURT_ACCEPT_AFTER_MS,
    /** After acceptance. */
    ruleAfterMs: env.COURT_RULE_AFTER_MS,
    refuseTermsMatching: env.COURT_REFUSE_TERMS_MATCHING,
    rejectTermsMatching: env.COURT_REJECT_TERMS_MATCHING,
    extendTermsMatching: env.COURT_EXTEND_TERMS_MATCHING,
    /** The outage switch: every filing call answers 503 while it is on. */
    down: env.COURT_DOWN,
    /**
     * The next this-many filings are recorded but answered with 503, as when the court's answer is
     * lost on the way back: the filer must retry with the same idempotency key and get one filing.
     * Set at run time only (PUT /admin/settings).
     */
    dropResponses: 0,
    /** A slow court: every filing call waits this long before answering. */
    responseDelayMs: env.COURT_RESPONSE_DELAY_MS,
    /** Where notices go when a filing names no callbackUrl. */
    defaultCallbackUrl:
      env.COURT_CALLBACK_URL ??
      (env.JUDICIAL_CONFIRMATION_URL ? `${env.JUDICIAL_CONFIRMATION_URL}/court/callbacks` : null),
    callbackRetryMs: env.COURT_CALLBACK_RETRY_MS,
  }));

/** What a test or a demo can change at run time through PUT /admin/settings. */
export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;

export function loadSimulatorSettings(env: Environment = process.env): SimulatorSettings {
  return loadSettings(simulatorSettingsSchema, env);
}

/** Where the simulator listens: fixed at start, unlike the switches above (no PUT /admin/settings). */
export const simulatorListenerSchema = z
  .object({
    PORT: portNumber(undefined).describe('the launcher sets it from COURT_SIMULATOR_PORT'),
    COURT_SIMULATOR_PORT: portNumber(3007).describe('for running the simulator by hand'),
    HOST: text('127.0.0.1').describe('0.0.0.0 in a container'),
    PUBLIC_URL: optionalEndpoint().describe(
      "the OpenAPI document's `servers` entry; default http://127.0.0.1:<port>",
    ),
  })
  .transform((env) => ({
    port: env.PORT ?? env.COURT_SIMULATOR_PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL ?? undefined,
  }));

export type SimulatorListener = z.infer<typeof simulatorListenerSchema>;

export function loadSimulatorListener(env: Environment = process.env): SimulatorListener {
  return loadSettings(simulatorListenerSchema, env);
}
