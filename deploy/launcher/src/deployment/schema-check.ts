import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { K8S_DIR, REPO_ROOT } from './manifests';

export interface SchemaProblem {
  /** Kind/name of the object. */
  object: string;
  message: string;
}

/** Node runs the checker from its TypeScript source (type stripping), so no build is needed. */
const CHECKER = path.join(REPO_ROOT, 'deploy', 'launcher', 'src', 'deployment', 'schema-check.mts');
const STRIMZI_SCHEMAS = path.join(K8S_DIR, 'schemas', 'strimzi');

/** Every object against its schema (schema-check.mts says which); [] when all are valid. */
export function checkSchemas(objects: readonly object[]): SchemaProblem[] {
  const run = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', CHECKER, STRIMZI_SCHEMAS],
    { input: JSON.stringify(objects), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`schema check did not run (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as SchemaProblem[];
}
