import { DEVELOPMENT_SECRET, developmentSwitch } from '@chuishao/auth';

export const CONSOLE_SETTINGS = Symbol.for('chuishao.ops-console.Settings');

export interface ConsoleSettings {
  /** A countdown turns amber this close to its deadline, even before sla-timer's warning (CONSOLE_WARNING_SECONDS). */
  warningSeconds: number;
  /** Open SSE streams re-read the board at least this often (CONSOLE_BOARD_REFRESH_SECONDS). */
  boardRefreshSeconds: number;
  /** An agreement signed within this long of the whistle counts as resolved on site (CONSOLE_ON_SITE_RESOLUTION_HOURS). */
  onSiteResolutionSeconds: number;
  /** Where sla-timer answers: the acknowledge action is forwarded there (SLA_TIMER_URL). */
  slaTimerUrl: string;
  /**
   * Dev sign-in mints tokens server-side: only under CHUISHAO_DEV=1 on the built-in secret (and
   * not switched off by CONSOLE_DEV_SIGN_IN=false); otherwise its route does not exist.
   */
  devSignIn: boolean;
  /** Lifetime of a dev sign-in token (CONSOLE_DEV_TOKEN_MINUTES). */
  devTokenSeconds: number;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export function loadConsoleSettings(env: NodeJS.ProcessEnv = process.env): ConsoleSettings {
  const builtInSecret =
    !env.AUTH_JWKS_URL && (env.AUTH_JWT_SECRET || DEVELOPMENT_SECRET) === DEVELOPMENT_SECRET;
  return {
    warningSeconds: positiveNumber(env, 'CONSOLE_WARNING_SECONDS', 600),
    boardRefreshSeconds: positiveNumber(env, 'CONSOLE_BOARD_REFRESH_SECONDS', 5),
    onSiteResolutionSeconds: positiveNumber(env, 'CONSOLE_ON_SITE_RESOLUTION_HOURS', 24) * 3600,
    slaTimerUrl: (env.SLA_TIMER_URL ?? 'http://127.0.0.1:3004').replace(/\/+$/, ''),
    // Fails closed: one explicit switch, and never beside a real key (loadAuthConfig refuses that too).
    devSignIn: developmentSwitch(env) && builtInSecret && env.CONSOLE_DEV_SIGN_IN !== 'false',
    devTokenSeconds: positiveNumber(env, 'CONSOLE_DEV_TOKEN_MINUTES', 60) * 60,
  };
}
