import { DEVELOPMENT_SECRET } from '@chuishao/auth';
import {
  developmentVariables,
  loadSettings,
  onOffSwitch,
  optionalText,
  positiveNumber,
  refuseDevelopmentInProduction,
  secretValue,
  text,
  url,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const CONSOLE_SETTINGS = Symbol.for('chuishao.ops-console.Settings');

/**
 * The organisation's identity provider the workstation signs in with (OpenID Connect,
 * authorization code with PKCE): both OIDC_ISSUER_URL and OIDC_CLIENT_ID or neither — half an
 * identity provider is a mistake to stop on, not to guess at.
 */
const oidcVariables = {
  OIDC_ISSUER_URL: optionalText().describe(
    'the identity provider (OpenID Connect issuer); with OIDC_CLIENT_ID',
  ),
  OIDC_CLIENT_ID: optionalText().describe("the workstation's client id there; with OIDC_ISSUER_URL"),
  OIDC_SCOPE: text('openid').describe('more only if the provider needs it for the role claims'),
};

type OidcVariables = { OIDC_ISSUER_URL: string | null; OIDC_CLIENT_ID: string | null; OIDC_SCOPE: string };

const checkOidc = [
  (value: OidcVariables, ctx: z.core.$RefinementCtx) => {
    const problem = (name: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [name], message });
    const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId } = value;
    if (!issuer && clientId) problem('OIDC_ISSUER_URL', 'must be set with OIDC_CLIENT_ID, or neither');
    if (issuer && !clientId) problem('OIDC_CLIENT_ID', 'must be set with OIDC_ISSUER_URL, or neither');
    if (issuer && !URL.canParse(issuer)) problem('OIDC_ISSUER_URL', `must be a URL, got ${issuer}`);
  },
  whenValid(...Object.keys(oidcVariables)),
] as const;

function oidcOf(value: OidcVariables): { issuer: string; clientId: string; scope: string } | null {
  const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_SCOPE: scope } = value;
  return issuer && clientId ? { issuer, clientId, scope } : null;
}

const oidcSchema = z
  .object(oidcVariables)
  .superRefine(...checkOidc)
  .transform(oidcOf);

export type OidcSettings = NonNullable<z.infer<typeof oidcSchema>>;

/** main.ts reads it before the app (the page's Content-Security-Policy must allow the provider). */
export function loadOidcSettings(env: Environment): OidcSettings | null {
  return loadSettings(oidcSchema, env);
}

/** services/ops-console, from src/ (tests) or dist/src/ (the build) alike. */
function serviceRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** ops-console's environment, each variable with its default and meaning (README "Settings"). */
export const consoleSettingsSchema = z
  .object({
    ...developmentVariables,
    CONSOLE_WARNING_SECONDS: positiveNumber(600).describe(
      "a countdown turns amber this close to its deadline, even before sla-timer's warning",
    ),
    CONSOLE_BOARD_REFRESH_SECONDS: positiveNumber(5).describe(
      'open SSE streams re-read the board at least this often',
    ),
    CONSOLE_ON_SITE_RESOLUTION_HOURS: positiveNumber(24).describe(
      'an agreement signed within this long of the whistle counts as resolved on site',
    ),
    CONSOLE_ARRIVAL_AWAY_METERS: positiveNumber(500).describe(
      "an on-site report farther than this from the case's place is flagged for the supervisor",
    ),
    CONSOLE_DEV_SIGN_IN: onOffSwitch(true).describe(
      'false switches dev sign-in off even under CHUISHAO_DEV=1',
    ),
    CONSOLE_DEV_TOKEN_MINUTES: positiveNumber(60).describe('lifetime of a dev sign-in token'),
    CONSOLE_WEB_DIR: optionalText().describe("the built workstation (Vite's output); default its web/dist"),
    // Read only to know whether dev sign-in may run: libs/auth checks them (loadAuthConfig).
    AUTH_JWT_SECRET: secretValue().describe('(libs/auth) dev sign-in only on the built-in secret'),
    AUTH_JWKS_URL: optionalText().describe(
      '(libs/auth) dev sign-in never beside an identity provider’s keys',
    ),
    // The services the browser reaches through `/api/<service>/…` on the console's one origin.
    INTAKE_URL: url('http://127.0.0.1:3001').describe(
      'where intake answers (the launcher sets all of these)',
    ),
    DISPATCH_URL: url('http://127.0.0.1:3002').describe('where dispatch answers'),
    DEPARTMENT_URL: url('http://127.0.0.1:3003').describe('where department answers'),
    SLA_TIMER_URL: url('http://127.0.0.1:3004').describe(
      'where sla-timer answers (the acknowledge action too)',
    ),
    MEDIATION_URL: url('http://127.0.0.1:3005').describe('where mediation answers'),
    JUDICIAL_CONFIRMATION_URL: url('http://127.0.0.1:3006').describe('where judicial-confirmation answers'),
  })
  .extend(oidcVariables)
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(...checkOidc)
  .transform((env) => {
    const oidc = oidcOf(env);
    const builtInSecret =
      !env.AUTH_JWKS_URL && (env.AUTH_JWT_SECRET ?? DEVELOPMENT_SECRET) === DEVELOPMENT_SECRET;
    return {
      warningSeconds: env.CONSOLE_WARNING_SECONDS,
      boardRefreshSeconds: env.CONSOLE_BOARD_REFRESH_SECONDS,
      onSiteResolutionSeconds: env.CONSOLE_ON_SITE_RESOLUTION_HOURS * 3600,
      arrivalAwayMeters: env.CONSOLE_ARRIVAL_AWAY_METERS,
      /** Where sla-timer answers: the acknowledge action is forwarded there. */
      slaTimerUrl: env.SLA_TIMER_URL,
      /**
       * Dev sign-in mints tokens server-side: only under CHUISHAO_DEV=1 on the built-in secret (and
       * not switched off by CONSOLE_DEV_SIGN_IN=false); otherwise its route does not exist. Fails
       * closed: never beside a real key (loadAuthConfig refuses that too), and never beside an
       * identity provider: the app then shows no role picker at all.
       */
      devSignIn: env.CHUISHAO_DEV && builtInSecret && !oidc && env.CONSOLE_DEV_SIGN_IN,
      oidc,
      devTokenSeconds: env.CONSOLE_DEV_TOKEN_MINUTES * 60,
      /** Where each forwarded service answers. */
      serviceUrls: {
        intake: env.INTAKE_URL,
        dispatch: env.DISPATCH_URL,
        department: env.DEPARTMENT_URL,
        'sla-timer': env.SLA_TIMER_URL,
        mediation: env.MEDIATION_URL,
        'judicial-confirmation': env.JUDICIAL_CONFIRMATION_URL,
      },
      /** The built workstation served at / with a history fallback. */
      webDir: env.CONSOLE_WEB_DIR ?? path.join(serviceRoot(__dirname), 'web', 'dist'),
    };
  });

export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;
export type ForwardedService = keyof ConsoleSettings['serviceUrls'];

export function loadConsoleSettings(env: Environment = process.env): ConsoleSettings {
  return loadSettings(consoleSettingsSchema, env);
}
