#!/usr/bin/env node
/**
 * npm run token -- --role liaison --department ganzhou-traffic-police [--subject li-1] [--center id] [--hours 12]
 * Prints a development bearer token (HS256 with the development secret, or with AUTH_JWT_SECRET
 * under CHUISHAO_DEV=0); the token
 * alone is the last line, so `TOKEN=$(npm run -s token -- --role operator)` works.
 */
import { loadAuthConfig } from './auth-config';
import { isPersonRole, PERSON_ROLES } from './principal';
import { issueDevelopmentToken } from './token-issuer';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run token -- --role <${PERSON_ROLES.join('|')}> [--department <id>] [--center <id>] [--subject <id>] [--hours <n>]\n`,
  );
  process.exit(2);
}

const role = option('role');
if (!isPersonRole(role)) fail(`--role must be one of ${PERSON_ROLES.join(', ')}`);
const departmentId = option('department');
if (role === 'liaison' && !departmentId) fail('a liaison token needs --department <id>');
if ((role === 'clerk' || role === 'operator') && !option('center'))
  fail(`a ${role} token needs --center <id>`);
// A development tool, for `npm start` (CHUISHAO_DEV=1); CHUISHAO_DEV=0 signs with AUTH_JWT_SECRET instead.
const config = loadAuthConfig({ CHUISHAO_DEV: '1', ...process.env });
if (config.mode !== 'hs256')
  fail('AUTH_JWKS_URL is set: tokens come from your identity provider, not from here');
const hours = Number(option('hours') ?? 12);
if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number');
const maxHours = (config.maxTokenLifetimeSeconds ?? 12 * 3600) / 3600;
if (hours > maxHours)
  fail(`--hours must be at most ${maxHours}: services refuse longer-lived tokens (AUTH_MAX_TOKEN_HOURS)`);

const token = issueDevelopmentToken({
  role,
  subject: option('subject') ?? `${role}-dev`,
  departmentId,
  centerId: option('center'),
  expiresInSeconds: Math.round(hours * 3600),
  secret: config.secret,
  issuer: config.issuer,
  audience: config.audience,
});
process.stderr.write(
  `development token for ${role}${departmentId ? ` of ${departmentId}` : ''}, valid ${hours} h:\n`,
);
process.stdout.write(`${token}\n`);
