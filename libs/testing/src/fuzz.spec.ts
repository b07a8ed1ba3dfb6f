import { NASTY_TEXTS, parsesAsJsonObject } from './fuzz';

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
