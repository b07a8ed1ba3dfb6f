import { rowReader, rowWriter } from './rows';

interface Known {
  caseId: string;
  centerPath: string[];
  closedAt: Date | null;
}
interface KnownRow {
  case_id: string;
  center_path: string[];
  closed_at: Date | null;
}

describe('rows: snake_case columns to camelCase fields and back', () => {
  const at = new Date('2026-01-02T03:04:05Z');

  it('reads a row through its schema, renaming each column', () => {
    const parsed: unknown[] = [];
    const schema = {
      parse: (row: unknown) => (parsed.push(row), row as KnownRow),
    };
    const row = { case_id: 'c', center_path: ['d', 't'], closed_at: at };
    expect(rowReader<Known>()(schema)(row)).toEqual({ caseId: 'c', centerPath: ['d', 't'], closedAt: at });
    expect(parsed).toEqual([row]);
  });

  it('a schema that refuses the row refuses the read', () => {
    const schema = {
      parse: (): KnownRow => {
        throw new Error('center_path: expected array');
      },
    };
    expect(() => rowReader<Known>()(schema)({})).toThrow('center_path');
  });

  it('writes a row from the domain object, renaming each field; values untouched', () => {
    const known: Known = { caseId: 'c', centerPath: ['d'], closedAt: null };
    expect(rowWriter<KnownRow>()(known)).toEqual({ case_id: 'c', center_path: ['d'], closed_at: null });
  });

  it('renames only the keys of the top level (jsonb values keep their own names)', () => {
    const value = { caseId: 'c', centerPath: [], closedAt: null, levelStint: { startedAt: at } };
    expect(rowWriter<KnownRow & { level_stint: unknown }>()(value)).toEqual({
      case_id: 'c',
      center_path: [],
      closed_at: null,
      level_stint: { startedAt: at },
    });
  });
});
