import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { days, seconds } from '@chuishao/legal-calendar';
import { loadJudicialSettings, parseCourtSecrets, judicialSettingsSchema } from './judicial-settings';

const DEV = { CHUISHAO_DEV: '1' };
const OWN_SECRET = 'a-court-secret-of-the-deployers-own-32+';

describe('judicial-confirmation settings', () => {
  it('defaults to the legal periods in calendar days: 30-day window, reminder 5 days before, 3 / 15 / +10 days', () => {
    const s = loadJudicialSettings(DEV);
    expect(s).toMatchObject({
      window: days(30),
      reminderBeforeSeconds: 5 * 86400,
      acceptance: days(3),
      ruling: days(15),
      rulingExtension: days(10),
      callbackMaxAgeSeconds: 300,
      courtId: 'court-simulator',
      courtUrl: 'http://127.0.0.1:3007',
    });
    expect(s.courtSecrets).toEqual({ 'court-simulator': 'dev-court-secret' });
  });

  it('reads periods in days, elapsed-seconds overrides and secrets from the environment', () => {
    const s = loadJudicialSettings({
      ...DEV,
      CONFIRMATION_WINDOW_SECONDS: '60',
      CONFIRMATION_REMINDER_BEFORE_SECONDS: '10',
      COURT_ACCEPTANCE_DAYS: '5',
      COURT_RULING_DAYS: '20',
      COURT_RULING_SECONDS: '30',
      COURT_SECRETS: 'court-a=s1, court-b=s=2',
      COURT_SIMULATOR_URL: 'http://court:3007/',
    });
    expect(s).toMatchObject({
      window: seconds(60),
      acceptance: days(5),
      ruling: seconds(30),
      reminderBeforeSeconds: 10,
      courtUrl: 'http://court:3007',
    });
    expect(s.courtSecrets).toEqual({ 'court-a': 's1', 'court-b': 's=2' });
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => loadJudicialSettings({ ...DEV, COURT_RULING_SECONDS: '-1' })).toThrow(
      'COURT_RULING_SECONDS',
    );
    expect(() => loadJudicialSettings({ ...DEV, COURT_ACCEPTANCE_DAYS: '1.5' })).toThrow(
      'COURT_ACCEPTANCE_DAYS',
    );
    expect(() =>
      loadJudicialSettings({
        ...DEV,
        CONFIRMATION_WINDOW_SECONDS: '10',
        CONFIRMATION_REMINDER_BEFORE_SECONDS: '10',
      }),
    ).toThrow('CONFIRMATION_REMINDER_BEFORE_SECONDS');
    expect(() => parseCourtSecrets('court-a')).toThrow('COURT_SECRETS');
  });

  describe('court secrets fail closed outside development', () => {
    it('refuses to start without COURT_SECRETS unless CHUISHAO_DEV=1', () => {
      expect(() => loadJudicialSettings({})).toThrow('set COURT_SECRETS');
    });

    it('refuses the published development secret and short ones outside development', () => {
      expect(() => loadJudicialSettings({ COURT_SECRETS: 'court-simulator=dev-court-secret' })).toThrow(
        'published in the repository',
      );
      expect(() => loadJudicialSettings({ COURT_SECRETS: 'court-a=short' })).toThrow(
        'at least 32 characters',
      );
    });

    it("takes the deployer's own secrets", () => {
      expect(loadJudicialSettings({ COURT_SECRETS: `court-a=${OWN_SECRET}` }).courtSecrets).toEqual({
        'court-a': OWN_SECRET,
      });
    });
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(judicialSettingsSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
  });
});
