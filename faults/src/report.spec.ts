import { formatTable, resultsDocument } from './report';

const row = {
  name: 'kill -9 intake',
  sent: 120,
  accepted: 100,
  refused: 20,
  lost: 0,
  duplicates: 0,
  recoverySeconds: 4.2,
  seconds: 31,
  problems: [],
};

describe('fault suite report', () => {
  it('prints one aligned line per scenario with its verdict', () => {
    const table = formatTable([
      row,
      { ...row, name: 'stop and start PostgreSQL', lost: 1, problems: ['lost: x'] },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^kill -9 intake\s+120\s+100\s+20\s+0\s+0\s+4\.2\s+31\s+ok\s*$/);
    expect(lines[3]).toMatch(/FAILED\s*$/);
    expect(new Set(lines.map((l) => l.trimEnd().length)).size).toBeLessThanOrEqual(2);
  });

  it('writes the issue format: scenarios with name, sent, accepted, refused, lost, duplicates, recoverySeconds', () => {
    const doc = resultsDocument([row], ['ops-console: not built']) as {
      scenarios: Record<string, unknown>[];
    };
    expect(Object.keys(doc.scenarios[0])).toEqual(
      expect.arrayContaining([
        'name',
        'sent',
        'accepted',
        'refused',
        'lost',
        'duplicates',
        'recoverySeconds',
        'seconds',
      ]),
    );
    expect(doc.scenarios[0].lost).toBe(0);
  });
});
