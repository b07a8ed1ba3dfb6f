import { NASTY_TEXTS, mustBeRefused, parsesAsJsonObject } from './fuzz';

describe('which nasty bodies a JSON parser must refuse', () => {
  it('takes the valid ones a route with optional fields may accept', () => {
    expect(parsesAsJsonObject('\ufeff{}')).toBe(true);
    expect(parsesAsJsonObject('{"note":"\\ud800"}')).toBe(true);
    expect(parsesAsJsonObject('{"__proto__":{"role":"supervisor"}}')).toBe(true);
  });

  it('refuses broken text and bare scalars, as a strict body parser does', () => {
    for (const text of ['{', '{"note":', "{'note':'x'}", '[1,]', 'null', '"text"'])
      expect(parsesAsJsonObject(text)).toBe(false);
  });

  it('keeps texts of both kinds in the list, so both paths are exercised', () => {
    const refused = NASTY_TEXTS.filter((text) => text && !parsesAsJsonObject(text));
    expect(refused.length).toBeGreaterThan(3);
    expect(NASTY_TEXTS.length - refused.length).toBeGreaterThan(3);
  });
});

describe('which token attacks must be refused', () => {
  it('refuses a malformed or forged token on a route that reads tokens', () => {
    for (const attack of ['malformed-token', 'forged-token'] as const)
      expect(mustBeRefused({ attack, body: '{}', public: false }, true)).toBe(true);
  });

  it('lets a public route ignore a bad token as it ignores a good one (development sign-in)', () => {
    for (const attack of ['malformed-token', 'forged-token'] as const)
      expect(mustBeRefused({ attack, body: '{"role":"ops"}', public: true }, true)).toBe(false);
  });

  it('still refuses a form body on a public route', () => {
    expect(mustBeRefused({ attack: 'form-body', body: 'note=x', public: true }, true)).toBe(true);
  });
});
