import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The root package.json carries this name; it marks the monorepo root. */
const ROOT_PACKAGE_NAME = 'chuishao';

/**
 * Walks up from `startDir` to the folder whose package.json is named "chuishao".
 * Walking (instead of a fixed "../../..") keeps this right both for compiled code
 * (deploy/launcher/dist/src) and for ts-jest running the sources (deploy/launcher/src).
 */
export function findRepoRoot(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          (parsed as { name?: unknown }).name === ROOT_PACKAGE_NAME
        ) {
          return dir;
        }
      } catch {
        // An unreadable or half-written package.json is not the root; keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function repoRoot(): string {
  const root = findRepoRoot(__dirname);
  if (!root) {
    throw new Error(`cannot find the chuishao repository root above ${__dirname}`);
  }
  return root;
}

/**
 * Where the launcher keeps Kafka jars, broker data, the PostgreSQL cluster and its state file.
 * Read on every call (not cached) so tests can point CHUISHAO_CACHE_DIR elsewhere at runtime.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHUISHAO_CACHE_DIR;
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  return path.join(repoRoot(), '.cache');
}
