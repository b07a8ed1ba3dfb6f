import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One finding of `redocly lint`, as its JSON output gives it. */
export interface OpenApiProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** JSON pointer of the offending node, e.g. `#/paths/~1cases/post/summary`. */
  pointer: string;
}

interface RedoclyJsonOutput {
  problems: Array<{
    ruleId: string;
    severity: 'error' | 'warn';
    message: string;
    location?: Array<{ pointer?: string }>;
  }>;
}

/** The repository root: where redocly.yaml, the rules every document is linted with, lives. */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'redocly.yaml'))) return dir;
  }
  throw new Error('redocly.yaml not found above ' + __dirname);
}

/** test-results/openapi/<service>.json: where a service's document is kept for `npm run lint:openapi`. */
export async function writeOpenApiDocument(service: string, document: unknown): Promise<string> {
  const directory = path.join(repositoryRoot(), 'test-results', 'openapi');
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${service}.json`);
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

/**
 * Lints one document file with the `redocly lint` CLI and the repository's redocly.yaml (the
 * recommended rules), the same command `npm run lint:openapi` runs. Returns every error and warning.
 */
export async function lintOpenApiFile(file: string): Promise<OpenApiProblem[]> {
  const root = repositoryRoot();
  const cli = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const args = [cli, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  // Redocly exits 1 when it finds errors; the JSON report on stdout is what counts.
  const { stdout } = await run(process.execPath, args, { cwd: root, env, maxBuffer: 64 << 20 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (error.stdout) return { stdout: error.stdout };
      throw new Error(`redocly lint failed to run: ${error.stderr ?? String(error)}`);
    },
  );
  const report = JSON.parse(stdout) as RedoclyJsonOutput;
  return report.problems.map((problem) => ({
    ruleId: problem.ruleId,
    severity: problem.severity,
    message: problem.message,
    pointer: problem.location?.[0]?.pointer ?? '',
  }));
}

/** Fetches a running service's `/docs-json`, keeps it under test-results and lints it. */
export async function lintServiceOpenApi(
  service: string,
  baseUrl: string,
): Promise<{ document: OpenApiDocument; problems: OpenApiProblem[] }> {
  const response = await fetch(`${baseUrl}/docs-json`);
  if (!response.ok) throw new Error(`${service} /docs-json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const file = await writeOpenApiDocument(service, document);
  return { document, problems: await lintOpenApiFile(file) };
}

/** The parts of an OpenAPI 3 document the checks read. */
export interface OpenApiDocument {
  info: { title: string; license?: { name: string }; contact?: unknown };
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

export interface OpenApiOperation {
  summary?: string;
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    { content?: Record<string, { schema?: { $ref?: string; type?: string; items?: { $ref?: string } } }> }
  >;
}

export interface DocumentPromises {
  /** The `servers` entry the document must carry. */
  serverUrl: string;
  /** Services on PlatformModule answer errors with ErrorBody and guard routes with the bearer token. */
  platform?: boolean;
  /** `METHOD /path` of operations that take an id yet never answer 404, each with its reason. */
  without404?: Record<string, string>;
  /**
   * Path prefixes whose routes speak a standard with an error shape of its own (Open311's array
   * of `{ code, description }`), to the `$ref` of that array's items. Their 4xx may be that array
   * (their own refusals) or ErrorBody (the platform's, before the route runs).
   */
  ownErrorShapes?: Record<string, string>;
}

const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

/**
 * What each document promises beyond Redocly's rules (libs/platform/README.md "OpenAPI"): its
 * own URL in `servers`; a summary and operationId everywhere; a 404 wherever a path takes an
 * id; on platform services a 400 everywhere, 401/403 on every route needing the bearer token,
 * 429 on every route but health (rate limits), and ErrorBody as the schema of every 4xx. Returns what is broken.
 */
export function openApiPromiseViolations(document: OpenApiDocument, promises: DocumentPromises): string[] {
  const broken: string[] = [];
  const servers = (document.servers ?? []).map((server) => server.url);
  if (servers.join() !== promises.serverUrl) broken.push(`servers ${servers.join()} ≠ ${promises.serverUrl}`);
  if (promises.platform && !document.components?.securitySchemes?.bearer) broken.push('no bearer scheme');
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const name = `${method.toUpperCase()} ${path}`;
      const answers = Object.keys(operation.responses);
      const lacks = (status: string, why: string) => {
        if (!answers.includes(status)) broken.push(`${name}: no ${status} (${why})`);
      };
      if (!operation.summary?.trim()) broken.push(`${name}: no summary`);
      if (!operation.operationId) broken.push(`${name}: no operationId`);
      if (path.includes('{') && !promises.without404?.[name]) lacks('404', 'it takes an id');
      if (!promises.platform) continue;
      lacks('400', 'every route reads input');
      const security = operation.security ?? document.security ?? [];
      if (security.some((requirement) => Object.hasOwn(requirement, 'bearer'))) {
        lacks('401', 'bearer token');
        lacks('403', 'roles');
      }
      if (!path.startsWith('/health')) lacks('429', 'rate limited');
      const ownShape = Object.entries(promises.ownErrorShapes ?? {}).find(([prefix]) =>
        path.startsWith(prefix),
      )?.[1];
      for (const status of answers.filter((status) => status.startsWith('4'))) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema;
        const own = ownShape !== undefined && schema?.type === 'array' && schema.items?.$ref === ownShape;
        if (schema?.$ref !== ERROR_BODY_REF && !own) broken.push(`${name}: ${status} is not an ErrorBody`);
      }
    }
  }
  return broken;
}
