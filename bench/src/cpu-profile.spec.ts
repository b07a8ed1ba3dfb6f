import { originOf, summariseProfile, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('CPU profile summary', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('query', 'file:///w/node_modules/pg/lib/client.js', 9) },
      { id: 4, callFrame: frame('append', 'file:///w/libs/messaging/dist/src/outbox/outbox-writer.js', 41) },
      { id: 5, callFrame: frame('(garbage collector)') },
    ],
    // Time deltas in microseconds: 4 ms idle, 3 ms in pg, 2 ms in the outbox writer, 1 ms in GC.
    samples: [2, 3, 3, 4, 2, 5, 3, 4],
    timeDeltas: [2000, 1000, 1000, 1000, 2000, 1000, 1000, 1000],
    startTime: 0,
    endTime: 10_000,
  };

  it('charges each sample to the function on top of the stack, idle apart', () => {
    const summary = summariseProfile(profile);
    expect(summary.totalMs).toBe(10);
    expect(summary.busyMs).toBe(6);
    expect(summary.topFunctions[0]).toEqual({
      name: 'query node_modules/pg/lib/client.js:10',
      selfMs: 3,
      percent: 50,
    });
    expect(summary.topFunctions.map((f) => f.name)).not.toContain('(idle)');
  });

  it('groups self time by package, lib or service', () => {
    const summary = summariseProfile(profile);
    expect(summary.byOrigin).toEqual([
      { name: 'pg', selfMs: 3, percent: 50 },
      { name: '@chuishao/messaging', selfMs: 2, percent: 33.3 },
      { name: '(garbage collector)', selfMs: 1, percent: 16.7 },
    ]);
  });

  it('keeps only the last milliseconds when told (the run, not the start-up)', () => {
    // Samples fall at 2, 3, 4, 5, 7, 8, 9 and 10 ms; the last 2 ms keep 8, 9 and 10: GC, pg, the outbox writer.
    const summary = summariseProfile(profile, { lastMs: 2 });
    expect(summary.totalMs).toBe(3);
    expect(summary.byOrigin.map((o) => o.name).sort()).toEqual([
      '(garbage collector)',
      '@chuishao/messaging',
      'pg',
    ]);
  });

  it('names origins a reader can act on', () => {
    expect(originOf('file:///w/node_modules/@nestjs/core/router.js', 'x')).toBe('@nestjs/core');
    expect(originOf('file:///w/services/department/dist/src/main.js', 'x')).toBe('service department');
    expect(originOf('node:internal/streams/writable', 'x')).toBe('node core');
    expect(originOf('', '(program)')).toBe('(program)');
  });
});
