#!/usr/bin/env node
/**
 * What `npm start`, `npm test` and the other user-facing scripts run first, so that each works on
 * a fresh clone as the only command typed: `node deploy/bootstrap.cjs run <script> [args...]`
 *
 *   1. Node: the project needs Node 24. When the Node on PATH is older, Node 24 is installed once
 *      into .tools/node (the npm registry ships Node itself) and used from then on.
 *   2. Dependencies: `npm ci` when node_modules is missing or older than package-lock.json (npm
 *      rewrites node_modules/.package-lock.json on every install, so its mtime says when).
 *   3. Runs `npm run <script> -- [args...]` under Node 24, with .tools/node first on PATH so that
 *      every `node` the script starts is Node 24 as well.
 *
 * Why this file looks the way it does: it runs before anything is installed and under the oldest
 * Node it may meet (a system Node 18 or 20), so it uses only Node's own modules and syntax Node 18
 * understands, and it is CommonJS (.cjs) so no compiler or loader is needed. npm pre-scripts cannot
 * do this job: they run under the same old Node as the script after them.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REQUIRED_MAJOR = 24;
const ROOT = path.resolve(__dirname, '..');
const TOOLS_PREFIX = path.join(ROOT, '.tools', 'node');
const TOOLS_BIN = path.join(TOOLS_PREFIX, 'node_modules', '.bin');
const USAGE = 'usage: node deploy/bootstrap.cjs run <npm script> [args...]';

/** "v20.20.2" or "24.1.0" → 20 or 24; 0 for anything unreadable (never new enough). */
function majorOf(version) {
  const match = /^v?(\d+)\./.exec(String(version || '').trim());
  return match ? Number(match[1]) : 0;
}

/**
 * Which Node runs the command: the one running us when it is new enough, else the one in .tools
 * when that one is, else Node 24 must be installed into .tools first.
 * @param {{ currentVersion: string, toolsVersion?: string }} found
 * @returns {'current' | 'tools' | 'install'}
 */
function chooseNode(found) {
  if (majorOf(found.currentVersion) >= REQUIRED_MAJOR) return 'current';
  if (majorOf(found.toolsVersion) >= REQUIRED_MAJOR) return 'tools';
  return 'install';
}

/**
 * Why `npm ci` must run, or undefined when node_modules is up to date.
 * @param {{ lockMtimeMs?: number, installedMtimeMs?: number }} times package-lock.json's and
 *   node_modules/.package-lock.json's modification times (undefined: the file is missing)
 * @returns {string | undefined}
 */
function installReason(times) {
  if (times.installedMtimeMs === undefined) return 'node_modules is missing';
  if (times.lockMtimeMs !== undefined && times.installedMtimeMs < times.lockMtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return undefined;
}

/**
 * `run <script> [args...]` → the script and its arguments.
 * @param {string[]} argv
 * @returns {{ script: string, args: string[] }}
 */
function parseArgs(argv) {
  const [command, script, ...args] = argv;
  if (command !== 'run' || !script) throw new UsageError(USAGE);
  return { script, args };
}

/** The environment with `dir` first on PATH. */
function withPathFirst(env, dir) {
  const current = env.PATH || '';
  return { ...env, PATH: current ? `${dir}${path.delimiter}${current}` : dir };
}

/** The exit status a shell would report for a child that ended with `code` or `signal`. */
function exitStatusOf(code, signal) {
  if (code !== null && code !== undefined) return code;
  return 128 + (os.constants.signals[signal] || 1);
}

class UsageError extends Error {}

const say = (message) => process.stderr.write(`[bootstrap] ${message}\n`);

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function versionOf(nodeBinary) {
  if (!fs.existsSync(nodeBinary)) return undefined;
  const result = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * How to run npm with a given Node: the npm that started us (npm_execpath) when there is one, so
 * the same npm runs under Node 24; otherwise `npm` from PATH.
 */
function npmCommand(nodeBinary, args) {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli)) return { file: nodeBinary, args: [cli, ...args] };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', args };
}

function runOrFail(command, env, what) {
  const started = Date.now();
  const result = spawnSync(command.file, command.args, { cwd: ROOT, env, stdio: 'inherit' });
  if (result.error) throw new Error(`${what} failed: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${what} failed (exit ${exitStatusOf(result.status, result.signal)})`);
  say(`${what} took ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * The `node` package fetches the Node binary in its preinstall script, and npm 11 runs a
 * dependency's install scripts only when the project's allowScripts names it (today it warns,
 * later it refuses): .tools/node is a project of its own that names it.
 */
function writeToolsManifest() {
  const manifest = path.join(TOOLS_PREFIX, 'package.json');
  if (fs.existsSync(manifest)) return;
  fs.mkdirSync(TOOLS_PREFIX, { recursive: true });
  fs.writeFileSync(manifest, `${JSON.stringify({ private: true, allowScripts: { node: true } }, null, 2)}\n`);
}

/** The Node binary to run the command with, installing Node 24 into .tools when needed. */
function ensureNode() {
  const toolsNode = path.join(TOOLS_BIN, 'node');
  const choice = chooseNode({ currentVersion: process.version, toolsVersion: versionOf(toolsNode) });
  if (choice === 'current') return { binary: process.execPath, binDir: undefined };
  if (choice === 'install') {
    say(
      `Node ${process.version} is older than ${REQUIRED_MAJOR}: installing Node ${REQUIRED_MAJOR} into .tools/node (once)`,
    );
    writeToolsManifest();
    const install = [
      'install',
      '--prefix',
      TOOLS_PREFIX,
      '--no-audit',
      '--no-fund',
      `node@${REQUIRED_MAJOR}`,
    ];
    runOrFail(npmCommand(process.execPath, install), process.env, `installing Node ${REQUIRED_MAJOR}`);
    const installed = versionOf(toolsNode);
    if (majorOf(installed) < REQUIRED_MAJOR) {
      throw new Error(
        `${toolsNode} reports ${installed || 'nothing'} after installing node@${REQUIRED_MAJOR}`,
      );
    }
  }
  return { binary: toolsNode, binDir: TOOLS_BIN };
}

function ensureDependencies(nodeBinary, env) {
  const reason = installReason({
    lockMtimeMs: mtimeMs(path.join(ROOT, 'package-lock.json')),
    installedMtimeMs: mtimeMs(path.join(ROOT, 'node_modules', '.package-lock.json')),
  });
  if (!reason) return;
  say(`${reason}: npm ci`);
  runOrFail(npmCommand(nodeBinary, ['ci', '--no-audit', '--no-fund']), env, 'npm ci');
}

/**
 * Runs the script and resolves with its exit status. Signals sent to us go on to it (a Ctrl-C
 * reaches the whole process group anyway); we stay until it has stopped, so the shell's prompt
 * never returns while services are still shutting down.
 */
function runScript(nodeBinary, env, script, args) {
  const command = npmCommand(nodeBinary, ['run', script, ...(args.length ? ['--', ...args] : [])]);
  const child = spawn(command.file, command.args, { cwd: ROOT, env, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(exitStatusOf(code, signal)));
  });
}

async function main(argv) {
  const { script, args } = parseArgs(argv);
  const node = ensureNode();
  const env = node.binDir ? withPathFirst(process.env, node.binDir) : { ...process.env };
  ensureDependencies(node.binary, env);
  return runScript(node.binary, env, script, args);
}

module.exports = { chooseNode, installReason, majorOf, parseArgs, withPathFirst, exitStatusOf, UsageError };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (error) => {
      say(error instanceof UsageError ? error.message : `error: ${error.message}`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
