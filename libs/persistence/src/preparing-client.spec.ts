import { StatementNames } from './preparing-client';

describe('StatementNames', () => {
  it('gives a text the same name every time, and another text another name', () => {
    const names = new StatementNames();
    const select = names.nameOf('SELECT * FROM notes WHERE id = $1');
    const insert = names.nameOf('INSERT INTO notes (note) VALUES ($1)');
    expect(select).toBeDefined();
    expect(insert).toBeDefined();
    expect(insert).not.toBe(select);
    expect(names.nameOf('SELECT * FROM notes WHERE id = $1')).toBe(select);
  });

  it('names no new text once it holds its most, and keeps the names it gave', () => {
    const names = new StatementNames(2);
    const first = names.nameOf('SELECT $1::int');
    const second = names.nameOf('SELECT $1::text');
    expect(names.nameOf('SELECT $1::bigint')).toBeUndefined();
    expect(names.nameOf('SELECT $1::int')).toBe(first);
    expect(names.nameOf('SELECT $1::text')).toBe(second);
  });
});
