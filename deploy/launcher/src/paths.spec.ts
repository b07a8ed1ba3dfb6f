import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cacheDir, findRepoRoot, repoRoot } from './paths';

describe('findRepoRoot', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'launcher-paths-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('walks up to the package.json named "chuishao", past other package.json files', () => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'chuishao' }));
    const deep = path.join(dir, 'deploy', 'launcher', 'dist', 'src');
    mkdirSync(deep, { recursive: true });
    writeFileSync(
      path.join(dir, 'deploy', 'launcher', 'package.json'),
      JSON.stringify({ name: '@chuishao/launcher' }),
    );
    expect(findRepoRoot(deep)).toBe(dir);
  });

  it('skips unparsable package.json files', () => {
    const inner = path.join(dir, 'inner');
    mkdirSync(inner);
    writeFileSync(path.join(inner, 'package.json'), '{');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'chuishao' }));
    expect(findRepoRoot(inner)).toBe(dir);
  });
});

describe('cacheDir', () => {
  it('is CHUISHAO_CACHE_DIR when set (resolved to an absolute path)', () => {
    expect(cacheDir({ CHUISHAO_CACHE_DIR: '/tmp/somewhere' })).toBe('/tmp/somewhere');
    expect(path.isAbsolute(cacheDir({ CHUISHAO_CACHE_DIR: 'rel' }))).toBe(true);
  });

  it('defaults to <repo root>/.cache', () => {
    expect(cacheDir({})).toBe(path.join(repoRoot(), '.cache'));
    expect(cacheDir({ CHUISHAO_CACHE_DIR: '  ' })).toBe(path.join(repoRoot(), '.cache'));
  });
});
