import { developmentSwitch } from '@chuishao/auth';
import type { ReviewRules } from '../domain/filing';

export const SIMULATOR_SETTINGS = Symbol.for('chuishao.court-simulator.Settings');

/** What a test or a demo can change at run time through PUT /admin/settings. */
export interface SimulatorSettings extends ReviewRules {
  courtId: string;
  /** Shared with judicial-confirmation (its COURT_SECRETS entry for this court id). */
  secret: string;
  /** Court code in case numbers, e.g. 赣0702 (Ganzhou, Zhanggong district). */
  courtCode: string;
  acceptAfterMs: number;
  /** After acceptance. */
  ruleAfterMs: number;
  /** The outage switch: every filing call answers 503 while it is on. */
  down: boolean;
  /**
   * The next this-many filings are recorded but answered with 503, as when the court's answer is
   * lost on the way back: the filer must retry with the same idempotency key and get one filing.
   */
  dropResponses: number;
  /** A slow court: every filing call waits this long before answering. */
  responseDelayMs: number;
  /** Where notices go when a filing names no callbackUrl. */
  defaultCallbackUrl: string | null;
  callbackRetryMs: number;
}

function nonNegativeInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
  return value;
}

/** A steering pattern that would not compile stops the simulator at start, not at the first filing. */
function pattern(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  try {
    new RegExp(raw);
  } catch {
    throw new Error(`${name} must be a valid regular expression, got ${raw}`);
  }
  return raw;
}

/** Printed in this repository (judicial-confirmation's development default too): CHUISHAO_DEV=1 only. */
export const DEVELOPMENT_COURT_SECRET = 'dev-court-secret';

/**
 * COURT_SECRET fails closed: the published development secret only under CHUISHAO_DEV=1;
 * otherwise one of the deployer's own (32+ characters) or the simulator does not start.
 */
export function loadCourtSecret(env: NodeJS.ProcessEnv): string {
  const development = developmentSwitch(env);
  const configured = env.COURT_SECRET || undefined;
  if (development) return configured ?? DEVELOPMENT_COURT_SECRET;
  if (!configured) throw new Error('set COURT_SECRET (32+ characters), or CHUISHAO_DEV=1 for development');
  if (configured === DEVELOPMENT_COURT_SECRET)
    throw new Error('COURT_SECRET is the secret published in the repository; set your own');
  if (configured.length < 32) throw new Error('COURT_SECRET must be at least 32 characters');
  return configured;
}

export function loadSimulatorSettings(env: NodeJS.ProcessEnv = process.env): SimulatorSettings {
  const judicialUrl = env.JUDICIAL_CONFIRMATION_URL?.replace(/\/$/, '');
  return {
    courtId: env.COURT_ID || 'court-simulator',
    secret: loadCourtSecret(env),
    courtCode: env.COURT_CODE || '赣0702',
    acceptAfterMs: nonNegativeInt(env, 'COURT_ACCEPT_AFTER_MS', 2000),
    ruleAfterMs: nonNegativeInt(env, 'COURT_RULE_AFTER_MS', 5000),
    refuseTermsMatching: pattern(env, 'COURT_REFUSE_TERMS_MATCHING', '\\[court:refuse\\]'),
    rejectTermsMatching: pattern(env, 'COURT_REJECT_TERMS_MATCHING', '\\[court:reject\\]'),
    extendTermsMatching: pattern(env, 'COURT_EXTEND_TERMS_MATCHING', '\\[court:extend\\]'),
    down: env.COURT_DOWN === 'true',
    dropResponses: 0,
    responseDelayMs: nonNegativeInt(env, 'COURT_RESPONSE_DELAY_MS', 0),
    defaultCallbackUrl: env.COURT_CALLBACK_URL || (judicialUrl ? `${judicialUrl}/court/callbacks` : null),
    callbackRetryMs: nonNegativeInt(env, 'COURT_CALLBACK_RETRY_MS', 1000),
  };
}
