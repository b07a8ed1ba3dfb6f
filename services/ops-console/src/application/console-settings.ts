import { DEVELOPMENT_SECRET, developmentSwitch } from '@chuishao/auth';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONSOLE_SETTINGS = Symbol.for('chuishao.ops-console.Settings');

/** The services the browser reaches through `/api/<service>/…` on the console's one origin. */
export const FORWARDED_SERVICES = {
  intake: { urlEnv: 'INTAKE_URL', port: 3001 },
  dispatch: { urlEnv: 'DISPATCH_URL', port: 3002 },
  department: { urlEnv: 'DEPARTMENT_URL', port: 3003 },
  'sla-timer': { urlEnv: 'SLA_TIMER_URL', port: 3004 },
  mediation: { urlEnv: 'MEDIATION_URL', port: 3005 },
  'judicial-confirmation': { urlEnv: 'JUDICIAL_CONFIRMATION_URL', port: 3006 },
} as const;

export type ForwardedService = keyof typeof FORWARDED_SERVICES;

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
  /**
   * The organisation's identity provider the workstation signs in with (OpenID Connect,
   * authorization code with PKCE): OIDC_ISSUER_URL and OIDC_CLIENT_ID, both or neither.
   */
  oidc: OidcSettings | null;
  /** Lifetime of a dev sign-in token (CONSOLE_DEV_TOKEN_MINUTES). */
  devTokenSeconds: number;
  /** Where each forwarded service answers (INTAKE_URL, DISPATCH_URL…; the launcher sets them). */
  serviceUrls: Record<ForwardedService, string>;
  /** The built workstation (Vite's output) served at / with a history fallback (CONSOLE_WEB_DIR). */
  webDir: string;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** OIDC_SCOPE, `openid` unless the provider needs more for the role claims. */
  scope: string;
}

/** Both settings or neither: half an identity provider is a mistake to stop on, not to guess at. */
export function loadOidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env.OIDC_ISSUER_URL?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!issuer && !clientId) return null;
  if (!issuer || !clientId) throw new Error('set OIDC_ISSUER_URL and OIDC_CLIENT_ID together, or neither');
  if (!URL.canParse(issuer)) throw new Error(`OIDC_ISSUER_URL must be a URL, got ${issuer}`);
  return { issuer, clientId, scope: env.OIDC_SCOPE?.trim() || 'openid' };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

function serviceUrls(env: NodeJS.ProcessEnv): Record<ForwardedService, string> {
  const entries = Object.entries(FORWARDED_SERVICES).map(([name, { urlEnv, port }]) => [
    name,
    withoutTrailingSlash(env[urlEnv] || `http://127.0.0.1:${port}`),
  ]);
  return Object.fromEntries(entries) as Record<ForwardedService, string>;
}

/** services/ops-console, from src/ (tests) or dist/src/ (the build) alike. */
function serviceRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export function loadConsoleSettings(env: NodeJS.ProcessEnv = process.env): ConsoleSettings {
  const oidc = loadOidcSettings(env);
  const builtInSecret =
    !env.AUTH_JWKS_URL && (env.AUTH_JWT_SECRET || DEVELOPMENT_SECRET) === DEVELOPMENT_SECRET;
  return {
    warningSeconds: positiveNumber(env, 'CONSOLE_WARNING_SECONDS', 600),
    boardRefreshSeconds: positiveNumber(env, 'CONSOLE_BOARD_REFRESH_SECONDS', 5),
    onSiteResolutionSeconds: positiveNumber(env, 'CONSOLE_ON_SITE_RESOLUTION_HOURS', 24) * 3600,
    slaTimerUrl: withoutTrailingSlash(env.SLA_TIMER_URL ?? 'http://127.0.0.1:3004'),
    // Fails closed: one explicit switch, and never beside a real key (loadAuthConfig refuses that too).
    // …and never beside an identity provider: the app then shows no role picker at all.
    devSignIn: developmentSwitch(env) && builtInSecret && !oidc && env.CONSOLE_DEV_SIGN_IN !== 'false',
    oidc,
    devTokenSeconds: positiveNumber(env, 'CONSOLE_DEV_TOKEN_MINUTES', 60) * 60,
    serviceUrls: serviceUrls(env),
    webDir: env.CONSOLE_WEB_DIR || path.join(serviceRoot(__dirname), 'web', 'dist'),
  };
}
