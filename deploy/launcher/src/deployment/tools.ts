import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** A command-line tool the deployment checks need, and how a machine gets it. */
export interface Tool {
  command: string;
  /** Environment variable naming the binary explicitly (e.g. KUBECTL=/opt/bin/kubectl). */
  env: string;
  install: string;
}

export const KUBECTL: Tool = {
  command: 'kubectl',
  env: 'KUBECTL',
  install: "apt-get install kubernetes-client (Debian's kubectl 1.20 is enough)",
};

export const DOCKER_COMPOSE: Tool = {
  command: 'docker-compose',
  env: 'DOCKER_COMPOSE',
  install: 'apt-get install docker-compose (validates without a Docker engine)',
};

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The tool's path: $<env> if set, else the first on PATH. Throws a message that says how to
 * install it, so a machine without it fails the check instead of skipping it.
 */
export function locateTool(tool: Tool, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[tool.env];
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`${tool.env}=${explicit} is not an executable file`);
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, tool.command);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `${tool.command} is not on PATH; the deployment checks need it: ${tool.install}, or set ${tool.env}`,
  );
}
