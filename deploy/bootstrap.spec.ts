import {
  chooseNode,
  exitStatusOf,
  installReason,
  majorOf,
  parseArgs,
  UsageError,
  withPathFirst,
} from './bootstrap.cjs';

describe('bootstrap: which Node runs the command', () => {
  it('uses the Node that runs it when that one is 24 or newer', () => {
    expect(chooseNode({ currentVersion: 'v24.0.0' })).toBe('current');
    expect(chooseNode({ currentVersion: 'v25.2.1', toolsVersion: 'v24.21.0' })).toBe('current');
  });

  it('uses the Node in .tools when the one on PATH is older and .tools holds 24', () => {
    expect(chooseNode({ currentVersion: 'v20.20.2', toolsVersion: 'v24.21.0' })).toBe('tools');
    expect(chooseNode({ currentVersion: 'v18.19.0', toolsVersion: 'v24.0.0' })).toBe('tools');
  });

  it('installs Node 24 when .tools has none, or an older one', () => {
    expect(chooseNode({ currentVersion: 'v20.20.2' })).toBe('install');
    expect(chooseNode({ currentVersion: 'v20.20.2', toolsVersion: 'v22.11.0' })).toBe('install');
    expect(chooseNode({ currentVersion: 'v20.20.2', toolsVersion: '' })).toBe('install');
  });

  it('reads majors with or without the v, and never takes garbage for new enough', () => {
    expect(majorOf('v24.21.0')).toBe(24);
    expect(majorOf('18.0.0\n')).toBe(18);
    expect(majorOf('node: not found')).toBe(0);
    expect(majorOf(undefined)).toBe(0);
  });
});

describe('bootstrap: whether npm ci runs', () => {
  it('runs when node_modules was never installed', () => {
    expect(installReason({ lockMtimeMs: 1_000 })).toBe('node_modules is missing');
  });

  it('runs when package-lock.json changed after the last install', () => {
    expect(installReason({ lockMtimeMs: 2_000, installedMtimeMs: 1_999 })).toBe(
      'package-lock.json is newer than node_modules',
    );
  });

  it('does not run when the last install is as new as package-lock.json or newer', () => {
    expect(installReason({ lockMtimeMs: 2_000, installedMtimeMs: 2_000 })).toBeUndefined();
    expect(installReason({ lockMtimeMs: 2_000, installedMtimeMs: 9_000 })).toBeUndefined();
  });
});

describe('bootstrap: the command line and the child', () => {
  it('takes `run <script> [args...]`', () => {
    expect(parseArgs(['run', 'start:direct'])).toEqual({ script: 'start:direct', args: [] });
    expect(parseArgs(['run', 'infra:direct', 'status', '--json'])).toEqual({
      script: 'infra:direct',
      args: ['status', '--json'],
    });
  });

  it('refuses anything else with the usage', () => {
    expect(() => parseArgs([])).toThrow(UsageError);
    expect(() => parseArgs(['run'])).toThrow(/usage: node deploy\/bootstrap.cjs run/);
    expect(() => parseArgs(['start'])).toThrow(UsageError);
  });

  it('puts .tools first on PATH and keeps the rest of the environment', () => {
    const env = withPathFirst(
      { PATH: '/usr/bin:/bin', HOME: '/root' },
      '/repo/.tools/node/node_modules/.bin',
    );
    expect(env).toEqual({ PATH: '/repo/.tools/node/node_modules/.bin:/usr/bin:/bin', HOME: '/root' });
    expect(withPathFirst({}, '/t').PATH).toBe('/t');
  });

  it("reports the child's exit code, or 128 + the signal that ended it", () => {
    expect(exitStatusOf(0, null)).toBe(0);
    expect(exitStatusOf(3, null)).toBe(3);
    expect(exitStatusOf(null, 'SIGINT')).toBe(130);
    expect(exitStatusOf(null, 'SIGTERM')).toBe(143);
  });
});
