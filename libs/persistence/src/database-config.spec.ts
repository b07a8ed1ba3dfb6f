import { assertSchemaName, assertTestDatabase, databaseNameOf, withDatabase } from './database-config';

describe('database config', () => {
  it('reads and replaces the database name of a URL', () => {
    expect(databaseNameOf('postgres://postgres:pw@127.0.0.1:54329/chuishao')).toBe('chuishao');
    expect(withDatabase('postgres://postgres:pw@127.0.0.1:54329/chuishao', 'chuishao_test')).toBe(
      'postgres://postgres:pw@127.0.0.1:54329/chuishao_test',
    );
  });

  it('refuses a database whose name does not say test', () => {
    expect(() => assertTestDatabase('postgres://h/chuishao')).toThrow(/refusing/);
    expect(() => assertTestDatabase('postgres://h/contest')).toThrow(/refusing/);
    expect(() => assertTestDatabase('postgres://h/chuishao_test')).not.toThrow();
    expect(() => assertTestDatabase('postgres://h/test')).not.toThrow();
  });

  it('accepts only plain schema names, since they are spliced into SQL', () => {
    expect(assertSchemaName('intake_t1')).toBe('intake_t1');
    expect(() => assertSchemaName('intake; drop table x')).toThrow();
  });
});
