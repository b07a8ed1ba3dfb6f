import { developmentSwitch } from '@chuishao/auth';
import { days, periodFromEnv, type LegalPeriod } from '@chuishao/legal-calendar';

export const JUDICIAL_SETTINGS = Symbol.for('chuishao.judicial-confirmation.Settings');

const DAY = 86_400;

export interface SubmitterSettings {
  /** How often the submitter looks for applications still to file (COURT_SUBMIT_POLL_MS). */
  pollMs: number;
  /** First retry after a failed filing; doubles per attempt (COURT_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** Longest wait between attempts (COURT_RETRY_MAX_MS). */
  retryMaxMs: number;
  /** A court slower than this counts as down for the attempt (COURT_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Off only for tests that drive filing by hand (COURT_SUBMITTER_ENABLED=false). */
  enabled: boolean;
}

export interface JudicialSettings {
  /*
   * The legal periods are days on the legal calendar (art. 85: from the next day, a last day on a
   * rest day moved to the next working day) — `*_DAYS`, with the law's numbers by default. The
   * matching `*_SECONDS` variable, when set, replaces one with elapsed seconds: development, the
   * demo and tests cannot wait days.
   */
  /** The parties' window from the agreement's effective date (CONFIRMATION_WINDOW_DAYS, 30). */
  window: LegalPeriod;
  /** The reminder fires this long before the window closes (CONFIRMATION_REMINDER_BEFORE_SECONDS, 5 d). */
  reminderBeforeSeconds: number;
  /** The court decides on acceptance within (COURT_ACCEPTANCE_DAYS, 3). */
  acceptance: LegalPeriod;
  /** …and rules within this of acceptance (COURT_RULING_DAYS, 15)… */
  ruling: LegalPeriod;
  /** …extendable once by this, from the day after the original period's last day (COURT_RULING_EXTENSION_DAYS, 10). */
  rulingExtension: LegalPeriod;
  /** The court applications go to (COURT_ID) and where it is (COURT_SIMULATOR_URL). */
  courtId: string;
  courtUrl: string;
  /** Shared secrets per court id (COURT_SECRETS='court-a=secret,court-b=secret'). */
  courtSecrets: Record<string, string>;
  /** Where the court calls back (COURT_CALLBACK_URL); default: this process's own address. */
  callbackUrl: string | null;
  /** Callbacks signed longer ago than this are refused (COURT_CALLBACK_MAX_AGE_SECONDS, 300). */
  callbackMaxAgeSeconds: number;
  submitter: SubmitterSettings;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

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

/** The simulator's secret printed in this repository: accepted only under CHUISHAO_DEV=1. */
export const DEVELOPMENT_COURT_SECRET = 'dev-court-secret';

/**
 * COURT_SECRETS fails closed like AUTH_JWT_SECRET: under CHUISHAO_DEV=1 it may be left unset (the
 * simulator's published secret); otherwise it must be set, and no secret in it may be the
 * published one or shorter than 32 characters, or the service does not start — a guessable
 * secret would let anyone forge a court's ruling.
 */
export function loadCourtSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const development = developmentSwitch(env);
  if (!env.COURT_SECRETS) {
    if (development) return { 'court-simulator': DEVELOPMENT_COURT_SECRET };
    throw new Error('set COURT_SECRETS (court-id=secret,…), or CHUISHAO_DEV=1 for development');
  }
  const secrets = parseCourtSecrets(env.COURT_SECRETS);
  if (development) return secrets;
  for (const [courtId, secret] of Object.entries(secrets)) {
    if (secret === DEVELOPMENT_COURT_SECRET)
      throw new Error(`COURT_SECRETS: ${courtId} has the secret published in the repository; set your own`);
    if (secret.length < 32)
      throw new Error(`COURT_SECRETS: ${courtId}'s secret must be at least 32 characters`);
  }
  return secrets;
}

export function loadJudicialSettings(env: NodeJS.ProcessEnv = process.env): JudicialSettings {
  const legal = (name: string, count: number) =>
    periodFromEnv(env, { name: `${name}_DAYS`, fallback: days(count) }, `${name}_SECONDS`);
  const window = legal('CONFIRMATION_WINDOW', 30);
  const reminderBeforeSeconds = positiveInt(env, 'CONFIRMATION_REMINDER_BEFORE_SECONDS', 5 * DAY);
  const windowAtLeastSeconds = window.unit === 'seconds' ? window.count : window.count * DAY;
  if (reminderBeforeSeconds >= windowAtLeastSeconds)
    throw new Error('CONFIRMATION_REMINDER_BEFORE_SECONDS must be shorter than the window');
  return {
    window,
    reminderBeforeSeconds,
    acceptance: legal('COURT_ACCEPTANCE', 3),
    ruling: legal('COURT_RULING', 15),
    rulingExtension: legal('COURT_RULING_EXTENSION', 10),
    courtId: env.COURT_ID || 'court-simulator',
    courtUrl: (env.COURT_SIMULATOR_URL || 'http://127.0.0.1:3007').replace(/\/$/, ''),
    courtSecrets: loadCourtSecrets(env),
    callbackUrl: env.COURT_CALLBACK_URL || null,
    callbackMaxAgeSeconds: positiveInt(env, 'COURT_CALLBACK_MAX_AGE_SECONDS', 300),
    submitter: {
      pollMs: positiveInt(env, 'COURT_SUBMIT_POLL_MS', 1000),
      retryBaseMs: positiveInt(env, 'COURT_RETRY_BASE_MS', 1000),
      retryMaxMs: positiveInt(env, 'COURT_RETRY_MAX_MS', 60_000),
      requestTimeoutMs: positiveInt(env, 'COURT_REQUEST_TIMEOUT_MS', 5000),
      enabled: env.COURT_SUBMITTER_ENABLED !== 'false',
    },
  };
}
