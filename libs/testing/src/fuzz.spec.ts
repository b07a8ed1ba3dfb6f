import { NASTY_TEXTS, mustBeRefused, parsesAsJsonObject, takesIdToChange } from './fuzz';

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
      expect(mustBeRefused({ attack, body: '{}', public: false, changesUnreachable: false }, true)).toBe(
        true,
      );
  });

  it('lets a public route ignore a bad token as it ignores a good one (development sign-in)', () => {
    for (const attack of ['malformed-token', 'forged-token'] as const)
      expect(
        mustBeRefused({ attack, body: '{"role":"ops"}', public: true, changesUnreachable: false }, true),
      ).toBe(false);
  });

  it('still refuses a form body on a public route', () => {
    expect(
      mustBeRefused({ attack: 'form-body', body: 'note=x', public: true, changesUnreachable: false }, true),
    ).toBe(true);
  });
});

describe('changes aimed at an id out of reach', () => {
  it('are the POSTs, PUTs and DELETEs whose path names an id', () => {
    expect(takesIdToChange({ method: 'POST', path: '/cases/:id/close' })).toBe(true);
    expect(takesIdToChange({ method: 'PUT', path: '/departments/:id/contacts' })).toBe(true);
    expect(takesIdToChange({ method: 'DELETE', path: '/things/:id' })).toBe(true);
    expect(takesIdToChange({ method: 'POST', path: '/cases' })).toBe(false);
    // A read may answer an empty list for a case the caller cannot see (mediation's).
    expect(takesIdToChange({ method: 'GET', path: '/cases/:id/mediations' })).toBe(false);
  });

  it('must be refused whatever the attack, a plausible body included', () => {
    const shot = { attack: 'confused-body' as const, body: '{"reason":"withdrawn"}', public: false };
    expect(mustBeRefused({ ...shot, changesUnreachable: true }, true)).toBe(true);
    expect(mustBeRefused({ ...shot, changesUnreachable: false }, true)).toBe(false);
  });
});
