import {
  developmentVariables,
  envValue,
  guessableSecretProblem,
  loadSettings,
  onOffSwitch,
  optionalEndpoint,
  optionalPositiveWholeNumber,
  positiveWholeNumber,
  refuse,
  refuseDevelopmentInProduction,
  text,
  url,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { configuredPeriod, days } from '@chuishao/legal-calendar';
import { z } from 'zod';

export const JUDICIAL_SETTINGS = Symbol.for('chuishao.judicial-confirmation.Settings');

const DAY = 86_400;

/** The simulator's secret printed in this repository: accepted only under CHUISHAO_DEV=1. */
export const DEVELOPMENT_COURT_SECRET = 'dev-court-secret';

/** COURT_SECRETS='court-a=secret,court-b=secret': a secret may itself hold '='. */
export function parseCourtSecrets(raw: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1)
      throw new Error(
        `COURT_SECRETS entries are court-id=secret, got "${entry.slice(0, at > 0 ? at : 20)}…"`,
      );
    secrets[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return secrets;
}

const courtSecrets = () =>
  envValue<Record<string, string> | undefined>(undefined, (value) => {
    try {
      return parseCourtSecrets(value);
    } catch (error) {
      return refuse(`must be court-id=secret,…: ${(error as Error).message}`);
    }
  });

/*
 * The legal periods are days on the legal calendar (art. 85: from the next day, a last day on a
 * rest day moved to the next working day) — `*_DAYS`, with the law's numbers by default. The
 * matching `*_SECONDS` variable, when set, replaces one with elapsed seconds: development, the
 * demo and tests cannot wait days.
 */
const legalDays = (meaning: string) => optionalPositiveWholeNumber().describe(`${meaning}, in days`);
const elapsedSeconds = (of: string) =>
  optionalPositiveWholeNumber().describe(`replaces ${of} with elapsed seconds (development, demo, tests)`);

/** judicial-confirmation's environment, each variable with its default and meaning (README "Settings"). */
export const judicialSettingsSchema = z
  .object({
    ...developmentVariables,
    CONFIRMATION_WINDOW_DAYS: legalDays("the parties' window from the agreement's effective date (30)"),
    CONFIRMATION_WINDOW_SECONDS: elapsedSeconds('CONFIRMATION_WINDOW_DAYS'),
    CONFIRMATION_REMINDER_BEFORE_SECONDS: positiveWholeNumber(5 * DAY).describe(
      'the reminder fires this long before the window closes; shorter than the window',
    ),
    COURT_ACCEPTANCE_DAYS: legalDays('the court decides on acceptance within (3)'),
    COURT_ACCEPTANCE_SECONDS: elapsedSeconds('COURT_ACCEPTANCE_DAYS'),
    COURT_RULING_DAYS: legalDays('…and rules within this of acceptance (15)'),
    COURT_RULING_SECONDS: elapsedSeconds('COURT_RULING_DAYS'),
    COURT_RULING_EXTENSION_DAYS: legalDays("…extendable once by this, from the original period's end (10)"),
    COURT_RULING_EXTENSION_SECONDS: elapsedSeconds('COURT_RULING_EXTENSION_DAYS'),
    COURT_ID: text('court-simulator').describe('the court applications go to'),
    COURT_SIMULATOR_URL: url('http://127.0.0.1:3007').describe('where that court answers'),
    COURT_SECRETS: courtSecrets().describe(
      'court-id=secret,…: 32+ characters each; unset only under CHUISHAO_DEV=1 (the simulator’s published one)',
    ),
    COURT_CALLBACK_URL: optionalEndpoint().describe(
      "where the court calls back; default: this process's own address",
    ),
    COURT_CALLBACK_MAX_AGE_SECONDS: positiveWholeNumber(300).describe(
      'callbacks signed longer ago are refused',
    ),
    COURT_SUBMIT_POLL_MS: positiveWholeNumber(1000).describe(
      'how often the submitter looks for applications to file',
    ),
    COURT_RETRY_BASE_MS: positiveWholeNumber(1000).describe(
      'first retry after a failed filing; doubles per attempt',
    ),
    COURT_RETRY_MAX_MS: positiveWholeNumber(60_000).describe('longest wait between attempts'),
    COURT_REQUEST_TIMEOUT_MS: positiveWholeNumber(5000).describe('a court slower than this counts as down'),
    COURT_OUTAGE_AFTER_SECONDS: positiveWholeNumber(600).describe(
      'a court that leaves filings unanswered this long is said to be down (board, alert)',
    ),
    COURT_SUBMITTER_ENABLED: onOffSwitch(true).describe('false only for tests that drive filing by hand'),
  })
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(refuseGuessableCourtSecrets, whenValid('CHUISHAO_DEV', 'COURT_SECRETS'))
  .superRefine(
    (value, ctx) => {
      const window = windowOf(value);
      const windowAtLeastSeconds = window.unit === 'seconds' ? window.count : window.count * DAY;
      if (value.CONFIRMATION_REMINDER_BEFORE_SECONDS >= windowAtLeastSeconds)
        ctx.addIssue({
          code: 'custom',
          path: ['CONFIRMATION_REMINDER_BEFORE_SECONDS'],
          message: 'must be shorter than the window',
        });
    },
    whenValid(
      'CONFIRMATION_WINDOW_DAYS',
      'CONFIRMATION_WINDOW_SECONDS',
      'CONFIRMATION_REMINDER_BEFORE_SECONDS',
    ),
  )
  .transform((env) => ({
    window: windowOf(env),
    reminderBeforeSeconds: env.CONFIRMATION_REMINDER_BEFORE_SECONDS,
    acceptance: configuredPeriod(days(3), env.COURT_ACCEPTANCE_DAYS, env.COURT_ACCEPTANCE_SECONDS),
    ruling: configuredPeriod(days(15), env.COURT_RULING_DAYS, env.COURT_RULING_SECONDS),
    rulingExtension: configuredPeriod(
      days(10),
      env.COURT_RULING_EXTENSION_DAYS,
      env.COURT_RULING_EXTENSION_SECONDS,
    ),
    courtId: env.COURT_ID,
    courtUrl: env.COURT_SIMULATOR_URL,
    /** Shared secrets per court id. */
    courtSecrets: env.COURT_SECRETS ?? { 'court-simulator': DEVELOPMENT_COURT_SECRET },
    /** Null: this process's own address. */
    callbackUrl: env.COURT_CALLBACK_URL,
    callbackMaxAgeSeconds: env.COURT_CALLBACK_MAX_AGE_SECONDS,
    submitter: {
      pollMs: env.COURT_SUBMIT_POLL_MS,
      retryBaseMs: env.COURT_RETRY_BASE_MS,
      retryMaxMs: env.COURT_RETRY_MAX_MS,
      requestTimeoutMs: env.COURT_REQUEST_TIMEOUT_MS,
      outageAfterMs: env.COURT_OUTAGE_AFTER_SECONDS * 1000,
      enabled: env.COURT_SUBMITTER_ENABLED,
    },
  }));

function windowOf(env: { CONFIRMATION_WINDOW_DAYS?: number; CONFIRMATION_WINDOW_SECONDS?: number }) {
  return configuredPeriod(days(30), env.CONFIRMATION_WINDOW_DAYS, env.CONFIRMATION_WINDOW_SECONDS);
}

/**
 * COURT_SECRETS fails closed like AUTH_JWT_SECRET: under CHUISHAO_DEV=1 it may be left unset (the
 * simulator's published secret); otherwise it must be set, and no secret in it may be the
 * published one or shorter than 32 characters, or the service does not start — a guessable
 * secret would let anyone forge a court's ruling.
 */
function refuseGuessableCourtSecrets(
  value: { CHUISHAO_DEV: boolean; COURT_SECRETS?: Record<string, string> },
  ctx: z.core.$RefinementCtx,
): void {
  if (value.CHUISHAO_DEV) return;
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: ['COURT_SECRETS'], message });
  if (!value.COURT_SECRETS)
    return problem('set COURT_SECRETS (court-id=secret,…), or CHUISHAO_DEV=1 for development');
  for (const [courtId, secret] of Object.entries(value.COURT_SECRETS)) {
    const guessable = guessableSecretProblem(secret, [DEVELOPMENT_COURT_SECRET]);
    if (guessable) problem(`entry ${courtId} ${guessable}`);
  }
}

export type JudicialSettings = z.infer<typeof judicialSettingsSchema>;
export type SubmitterSettings = JudicialSettings['submitter'];

export function loadJudicialSettings(env: Environment = process.env): JudicialSettings {
  return loadSettings(judicialSettingsSchema, env);
}
