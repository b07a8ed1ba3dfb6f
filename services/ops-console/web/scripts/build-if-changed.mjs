// Builds the workstation (type-check with vue-tsc, then vite build) unless nothing it is built
// from changed since the last build: `npm start` and `npm test` run `npm run build` every time,
// and a second start must not spend half a minute rebuilding the same files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const INPUTS = [
  'src',
  'scripts',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  // The contracts' pure lists, which the bundle imports as source (src/vocabulary.ts).
  '../../../libs/contracts/src/terms.ts',
];

function files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full).flatMap((name) => files(path.join(entry, name)));
}

/** Every input's path, size and mtime, plus the versions of the tools that build them. */
function fingerprint() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    const { size, mtimeMs } = statSync(path.join(root, file));
    hash.update(`${file}:${size}:${mtimeMs}\n`);
  }
  const require = createRequire(path.join(root, 'package.json'));
  for (const tool of ['vite', 'vue', 'element-plus', 'vant', 'vue-tsc'])
    hash.update(`${tool}@${require(`${tool}/package.json`).version}\n`);
  return hash.digest('hex');
}

function run(pkg, bin, args) {
  const require = createRequire(path.join(root, 'package.json'));
  const script = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), bin);
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const current = fingerprint();
const force = process.argv.includes('--force');
if (
  !force &&
  existsSync(path.join(root, 'dist', 'index.html')) &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === current
) {
  console.log('workstation: unchanged since the last build, not rebuilt');
} else {
  run('vue-tsc', 'bin/vue-tsc.js', ['--noEmit', '-p', 'tsconfig.json']);
  run('vite', 'bin/vite.js', ['build']);
  writeFileSync(stamp, current);
}
