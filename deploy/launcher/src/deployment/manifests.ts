import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { KUBECTL, locateTool } from './tools';

/** The repository root: the nearest folder up from here holding package-lock.json. */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package-lock.json'))) return dir;
  }
  throw new Error(`no package-lock.json above ${from}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const K8S_DIR = path.join(REPO_ROOT, 'deploy', 'k8s');

/** What the checks read of a Kubernetes object; the schemas check the rest. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // Manifests are checked field by field after schema validation.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

/** `kubectl kustomize <dir>`: what `kubectl apply -k <dir>` would send. */
export function kustomizeBuild(dir: string): string {
  return execFileSync(locateTool(KUBECTL), ['kustomize', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Every document of a YAML stream; a syntax error anywhere is an error. */
export function parseYamlStream(text: string): unknown[] {
  return YAML.parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    const value: unknown = doc.toJSON();
    return value === null || value === undefined ? [] : [value];
  });
}

export function buildOverlay(overlay: string): KubeObject[] {
  return parseYamlStream(kustomizeBuild(path.join(K8S_DIR, 'overlays', overlay))) as KubeObject[];
}

export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function named(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

export function objectRef(object: { kind?: unknown; metadata?: { name?: unknown } }): string {
  return `${String(object.kind)}/${String(object.metadata?.name)}`;
}
