import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, parseYamlStream } from './manifests';
import { DOCKER_COMPOSE, locateTool } from './tools';

export const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');

export interface ComposeResult {
  ok: boolean;
  /** docker-compose's own words when the file is invalid. */
  errors: string;
  /** The file as Compose resolves it (anchors merged, paths absolute) when valid. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config: any;
}

/**
 * What a deployer supplies: the compose file fails closed without a JWT secret, a runtime-role
 * password, personal-data keys and a court secret of its own (no working secret is committed), so
 * the check gives them, as `AUTH_JWT_SECRET=… DATABASE_RUNTIME_PASSWORD=… PII_KEYS=… docker compose up`.
 */
export const DEPLOYER_SECRETS: NodeJS.ProcessEnv = {
  AUTH_JWT_SECRET: 'a-deployers-own-secret-of-more-than-32-characters',
  DATABASE_RUNTIME_PASSWORD: 'a-deployers-own-runtime-role-password',
  PII_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  PII_ACTIVE_KEY_ID: 'k1',
  PII_HASH_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
  COURT_SECRET: 'a-deployers-own-court-secret-of-32-characters',
};

/**
 * `docker-compose -f <file> config`: Compose's schema check and resolution, which needs no
 * Docker engine (Debian's docker-compose 1.29).
 */
export function composeConfig(
  file: string = COMPOSE_FILE,
  deployerEnv: NodeJS.ProcessEnv = DEPLOYER_SECRETS,
): ComposeResult {
  const run = spawnSync(locateTool(DOCKER_COMPOSE), ['-f', file, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ...deployerEnv },
  });
  if (run.error) throw run.error;
  const ok = run.status === 0;
  return { ok, errors: ok ? '' : run.stderr, config: ok ? parseYamlStream(run.stdout)[0] : null };
}
