import { z } from 'zod';
import {
  developmentSwitch,
  developmentVariables,
  guessableSecretProblem,
  jsonObject,
  loadAll,
  loadSettings,
  onOffSwitch,
  positiveNumber,
  positiveWholeNumber,
  refuseDevelopmentInProduction,
  regularExpression,
  SettingsError,
  settingsVariables,
  undocumentedVariables,
  url,
  wholeNumber,
  whenValid,
} from '.';

const schema = z
  .object({
    ...developmentVariables,
    COUNT: positiveWholeNumber(3),
    DELAY_MS: wholeNumber(0),
    HOURS: positiveNumber(1.5),
    ENABLED: onOffSwitch(true),
    TARGET: url('http://127.0.0.1:3000/'),
    PATTERN: regularExpression('x+'),
    MAP: jsonObject(z.string().min(1)),
    FLOOR: positiveWholeNumber(1),
  })
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(
    (value, ctx) => {
      if (value.FLOOR > value.COUNT)
        ctx.addIssue({ code: 'custom', path: ['FLOOR'], message: 'must not be above COUNT' });
    },
    whenValid('FLOOR', 'COUNT'),
  );

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadSettings(schema, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  it('gives every default when nothing is set, and treats blank as unset', () => {
    const defaults = {
      CHUISHAO_DEV: false,
      NODE_ENV: '',
      COUNT: 3,
      DELAY_MS: 0,
      HOURS: 1.5,
      ENABLED: true,
      TARGET: 'http://127.0.0.1:3000',
      PATTERN: 'x+',
      MAP: {},
      FLOOR: 1,
    };
    expect(loadSettings(schema, {})).toEqual(defaults);
    expect(loadSettings(schema, { COUNT: '', ENABLED: ' ', MAP: '' })).toEqual(defaults);
    // …except a pattern's: empty is the pattern that switches its rule off.
    expect(loadSettings(schema, { PATTERN: '' }).PATTERN).toBe('');
  });

  it('reads what is set', () => {
    expect(
      loadSettings(schema, {
        CHUISHAO_DEV: '1',
        COUNT: '7',
        DELAY_MS: '0',
        HOURS: '0.25',
        ENABLED: 'false',
        TARGET: 'https://example.org/base//',
        MAP: '{"a":"b"}',
      }),
    ).toMatchObject({
      CHUISHAO_DEV: true,
      COUNT: 7,
      HOURS: 0.25,
      ENABLED: false,
      TARGET: 'https://example.org/base',
      MAP: { a: 'b' },
    });
  });

  it('refuses every bad variable at once, each by name, cross-checks included', () => {
    expect(
      problems({
        COUNT: '0',
        DELAY_MS: '-1',
        HOURS: 'soon',
        ENABLED: 'yes',
        TARGET: 'nowhere',
        PATTERN: '(',
        MAP: '{"a":""}',
        FLOOR: '9',
        CHUISHAO_DEV: '1',
        NODE_ENV: 'production',
      }),
    ).toEqual([
      'COUNT must be a positive whole number, got 0',
      'DELAY_MS must be a whole number ≥ 0, got -1',
      'HOURS must be a positive number, got soon',
      'ENABLED must be true or false, got yes',
      'TARGET must be a URL, got nowhere',
      'PATTERN must be a valid regular expression, got (',
      expect.stringMatching(/^MAP must be a JSON object; at a: /),
      'CHUISHAO_DEV=1 is refused with NODE_ENV=production',
    ]);
    expect(problems({ COUNT: '2', FLOOR: '3', MAP: '[1' })).toEqual([
      expect.stringMatching(/^MAP must be a JSON object: SyntaxError/),
      'FLOOR must not be above COUNT',
    ]);
  });

  it('says all of it in the error message', () => {
    expect(() => loadSettings(schema, { COUNT: 'x', DELAY_MS: '1.5' })).toThrow(
      'settings refused: COUNT must be a positive whole number, got x; DELAY_MS must be a whole number ≥ 0, got 1.5',
    );
  });
});

describe('developmentSwitch', () => {
  it('is on only for CHUISHAO_DEV=1 outside production, and refuses anything else', () => {
    expect(developmentSwitch({})).toBe(false);
    expect(developmentSwitch({ CHUISHAO_DEV: '0' })).toBe(false);
    expect(developmentSwitch({ CHUISHAO_DEV: '1', NODE_ENV: 'test' })).toBe(true);
    expect(() => developmentSwitch({ CHUISHAO_DEV: 'yes' })).toThrow(
      'CHUISHAO_DEV must be 1 or unset, got yes',
    );
    expect(() => developmentSwitch({ CHUISHAO_DEV: '1', NODE_ENV: 'production' })).toThrow(
      'CHUISHAO_DEV=1 is refused with NODE_ENV=production',
    );
  });
});

describe('guessableSecretProblem', () => {
  it("takes only the deployer's own 32+ characters", () => {
    expect(
      guessableSecretProblem('printed-in-the-readme-and-long-enough', [
        'printed-in-the-readme-and-long-enough',
      ]),
    ).toBe('is a secret published in the repository; set your own');
    expect(guessableSecretProblem('short', [])).toBe('must be at least 32 characters');
    expect(guessableSecretProblem('x'.repeat(32), [])).toBeUndefined();
  });
});

describe('loadAll', () => {
  it('answers every loader, or one error with the problems of all that refused', () => {
    expect(loadAll({ a: () => 1, b: () => 'two' })).toEqual({ a: 1, b: 'two' });
    expect(() =>
      loadAll({
        a: () => loadSettings(schema, { COUNT: '0' }),
        b: () => {
          throw new Error('B must be set');
        },
        c: () => 3,
      }),
    ).toThrow('settings refused: COUNT must be a positive whole number, got 0; B must be set');
  });
});

describe('settingsVariables and undocumentedVariables', () => {
  it('lists the variables under refinements and transforms, and those a README never names', () => {
    expect(settingsVariables(schema)).toEqual([
      'CHUISHAO_DEV',
      'NODE_ENV',
      'COUNT',
      'DELAY_MS',
      'HOURS',
      'ENABLED',
      'TARGET',
      'PATTERN',
      'MAP',
      'FLOOR',
    ]);
    const readme = '| `COUNT` | 3 |\n| `DELAY_MS=5` |\nfrom `$TARGET/x`; HOURS unquoted; `ENABLED_NOT`';
    expect(undocumentedVariables(schema, readme, ['CHUISHAO_DEV', 'NODE_ENV'])).toEqual([
      'HOURS',
      'ENABLED',
      'PATTERN',
      'MAP',
      'FLOOR',
    ]);
  });
});
