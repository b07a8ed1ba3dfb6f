/**
 * Validates Kubernetes objects against their schemas: the built-in kinds with kubernetes-models,
 * CloudNativePG's with @kubernetes-models/cloudnative-pg, Strimzi's with the openAPIV3Schema of
 * Strimzi's own CRDs (deploy/k8s/schemas, converted to zod). A child process of the checks, in
 * ESM, because those model packages are ES modules only and Jest runs CommonJS.
 *   node schema-check.mts <strimzi-schema-dir> < objects.json   → problems as JSON on stdout
 * Every object must have a schema: an unknown kind is a problem, never a pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

interface ObjectHead {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
}

export interface SchemaProblem {
  object: string;
  message: string;
}

type Check = (object: ObjectHead) => string | null;

/** Where the model classes of an apiVersion live, by API group. */
function modelModule(apiVersion: string): string | null {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group === 'postgresql.cnpg.io') return `@kubernetes-models/cloudnative-pg/${apiVersion}`;
  // The Prometheus Operator's PrometheusRule and ServiceMonitor (the observability piece of an overlay).
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (group === '' || !group.includes('.') || group.endsWith('.k8s.io'))
    return `kubernetes-models/${apiVersion}`;
  return null;
}

async function modelCheck(apiVersion: string, kind: string): Promise<Check | null> {
  const specifier = modelModule(apiVersion);
  if (!specifier) return null;
  let models: Record<string, unknown>;
  try {
    models = (await import(specifier)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const Model = models[kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== 'function') return null;
  return (object) => {
    try {
      new Model(object).validate();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
}

/**
 * A CRD schema as zod. Kubernetes prunes unknown fields silently; here an object schema with
 * properties and without x-kubernetes-preserve-unknown-fields is closed, so a misspelt field is
 * an error, as `kubectl apply --validate=strict` makes it.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-kubernetes-')) continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)]))
        : closed(value);
  }
  if (
    source.properties &&
    !source['x-kubernetes-preserve-unknown-fields'] &&
    !('additionalProperties' in source)
  )
    out.additionalProperties = false;
  return out;
}

function crdChecks(dir: string): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const crd = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      apiVersion: string;
      kind: string;
      openAPIV3Schema: unknown;
    };
    const schema = z.fromJSONSchema(closed(crd.openAPIV3Schema) as Parameters<typeof z.fromJSONSchema>[0]);
    checks.set(`${crd.apiVersion} ${crd.kind}`, (object) => {
      const result = schema.safeParse(object);
      return result.success
        ? null
        : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    });
  }
  return checks;
}

export async function checkSchemas(objects: readonly ObjectHead[], crdDir: string): Promise<SchemaProblem[]> {
  const checks = crdChecks(crdDir);
  const problems: SchemaProblem[] = [];
  for (const object of objects) {
    const ref = `${String(object.kind)}/${String(object.metadata?.name)}`;
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      problems.push({ object: ref, message: 'apiVersion and kind must be strings' });
      continue;
    }
    const check = checks.get(`${apiVersion} ${kind}`) ?? (await modelCheck(apiVersion, kind));
    const message = check ? check(object) : `no schema known for ${apiVersion} ${kind}`;
    if (message) problems.push({ object: ref, message });
  }
  return problems;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const objects = JSON.parse(await readStdin()) as ObjectHead[];
  process.stdout.write(JSON.stringify(await checkSchemas(objects, process.argv[2])));
}
