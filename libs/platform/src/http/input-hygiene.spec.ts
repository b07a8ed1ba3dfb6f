import { findInputProblem, MAX_INPUT_DEPTH } from './input-hygiene';

describe('input hygiene', () => {
  it('accepts ordinary requests, Chinese text and emoji included', () => {
    expect(findInputProblem({ parties: [{ name: '王某', note: '到场 👍' }], headcount: 5 }, '')).toBeNull();
  });

  it('names the field holding a NUL character or a lone surrogate', () => {
    expect(findInputProblem({ parties: [{ name: 'Wang\u0000' }] }, '')).toEqual({
      code: 'INVALID_TEXT',
      field: 'parties[0].name',
    });
    expect(findInputProblem({ summary: 'a\ud800b' }, '')).toEqual({ code: 'INVALID_TEXT', field: 'summary' });
    expect(findInputProblem({ summary: '\udc00' }, '')).toEqual({ code: 'INVALID_TEXT', field: 'summary' });
    expect(findInputProblem({ ['ke\u0000y']: 1 }, '')).toEqual({ code: 'INVALID_TEXT', field: '' });
  });

  it('refuses field names that are Object.prototype members, which validation would let through', () => {
    expect(findInputProblem(JSON.parse('{"reason":"x","__proto__":{"a":1}}'), '')).toEqual({
      code: 'RESERVED_FIELD_NAME',
      field: '__proto__',
    });
    expect(findInputProblem({ reason: 'x', meta: { hasOwnProperty: null } }, '')).toEqual({
      code: 'RESERVED_FIELD_NAME',
      field: 'meta.hasOwnProperty',
    });
    expect(findInputProblem({ prototype: {} }, '')?.code).toBe('RESERVED_FIELD_NAME');
    expect(findInputProblem({ constructorName: 'x', proto: 1 }, '')).toBeNull();
  });

  it('refuses nesting deeper than the limit without overflowing the stack itself', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findInputProblem({ x: deep }, '')?.code).toBe('BODY_TOO_DEEP');
    let fine: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i += 1) fine = { a: fine };
    expect(findInputProblem(fine, '')).toBeNull();
  });
});
