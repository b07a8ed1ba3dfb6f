import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceDefinition } from '../services';
import { REPO_ROOT } from './manifests';

/** What a service connects to, read from its own package and source, not from the manifests. */
export interface ServiceNeeds {
  kafka: boolean;
  postgres: boolean;
  /**
   * HTTPS beyond the cluster: the identity provider's keys (AUTH_JWKS_URL), fetched by the
   * platform's AuthGuard, so by a service that imports PlatformModule. Depending on @chuishao/auth
   * alone (as the court simulator's package does) fetches nothing.
   */
  externalHttps: boolean;
  /** The services it calls, by name. */
  peers: string[];
}

/**
 * ops-console forwards /api/<service>/ to every service (the console's one origin), so it may
 * call all of them whether or not its source names each URL yet.
 */
const CALLS_EVERY_SERVICE = new Set(['ops-console']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

export function serviceNeeds(service: ServiceDefinition, all: readonly ServiceDefinition[]): ServiceNeeds {
  const root = path.join(REPO_ROOT, 'services', service.name);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const uses = (lib: string) => Boolean(manifest.dependencies?.[`@chuishao/${lib}`]);
  const source = sourceFiles(path.join(root, 'src'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const peers = all
    .filter((peer) => peer.name !== service.name)
    .filter(
      (peer) => CALLS_EVERY_SERVICE.has(service.name) || new RegExp(`\\b${peer.urlEnv}\\b`).test(source),
    )
    .map((peer) => peer.name);
  return {
    kafka: uses('messaging'),
    postgres: uses('persistence'),
    externalHttps: /\bPlatformModule\b/.test(source),
    peers,
  };
}
