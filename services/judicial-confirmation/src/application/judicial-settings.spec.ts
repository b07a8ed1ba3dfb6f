import { loadJudicialSettings, parseCourtSecrets } from './judicial-settings';

describe('judicial-confirmation settings', () => {
  it('defaults to the legal periods: 30-day window, reminder 5 days before, 3 / 15 / +10 days', () => {
    const s = loadJudicialSettings({});
    expect(s).toMatchObject({
      windowSeconds: 30 * 86400,
      reminderBeforeSeconds: 5 * 86400,
      acceptanceSeconds: 3 * 86400,
      rulingSeconds: 15 * 86400,
      rulingExtensionSeconds: 10 * 86400,
      callbackMaxAgeSeconds: 300,
      courtId: 'court-simulator',
      courtUrl: 'http://127.0.0.1:3007',
    });
    expect(s.courtSecrets).toEqual({ 'court-simulator': 'dev-court-secret' });
  });

  it('reads durations and secrets from the environment', () => {
    const s = loadJudicialSettings({
      CONFIRMATION_WINDOW_SECONDS: '60',
      CONFIRMATION_REMINDER_BEFORE_SECONDS: '10',
      COURT_SECRETS: 'court-a=s1, court-b=s=2',
      COURT_SIMULATOR_URL: 'http://court:3007/',
    });
    expect(s).toMatchObject({ windowSeconds: 60, reminderBeforeSeconds: 10, courtUrl: 'http://court:3007' });
    expect(s.courtSecrets).toEqual({ 'court-a': 's1', 'court-b': 's=2' });
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => loadJudicialSettings({ COURT_RULING_SECONDS: '-1' })).toThrow('COURT_RULING_SECONDS');
    expect(() =>
      loadJudicialSettings({ CONFIRMATION_WINDOW_SECONDS: '10', CONFIRMATION_REMINDER_BEFORE_SECONDS: '10' }),
    ).toThrow('CONFIRMATION_REMINDER_BEFORE_SECONDS');
    expect(() => parseCourtSecrets('court-a')).toThrow('COURT_SECRETS');
  });
});
