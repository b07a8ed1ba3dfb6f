import { loadConsoleSettings } from './console-settings';

describe('loadConsoleSettings', () => {
  it('has working defaults', () => {
    expect(loadConsoleSettings({})).toEqual({
      warningSeconds: 600,
      boardRefreshSeconds: 5,
      onSiteResolutionSeconds: 86400,
      slaTimerUrl: 'http://127.0.0.1:3004',
      devSignIn: true,
      devTokenSeconds: 3600,
      serviceUrls: {
        intake: 'http://127.0.0.1:3001',
        dispatch: 'http://127.0.0.1:3002',
        department: 'http://127.0.0.1:3003',
        'sla-timer': 'http://127.0.0.1:3004',
        mediation: 'http://127.0.0.1:3005',
        'judicial-confirmation': 'http://127.0.0.1:3006',
      },
      webDir: expect.stringMatching(/ops-console\/web\/dist$/),
    });
  });

  it('reads overrides and trims the trailing slash of SLA_TIMER_URL', () => {
    const settings = loadConsoleSettings({
      CONSOLE_WARNING_SECONDS: '2',
      CONSOLE_ON_SITE_RESOLUTION_HOURS: '6',
      SLA_TIMER_URL: 'http://sla:3004/',
      MEDIATION_URL: 'http://mediation:80/',
    });
    expect(settings).toMatchObject({
      warningSeconds: 2,
      onSiteResolutionSeconds: 21600,
      slaTimerUrl: 'http://sla:3004',
      serviceUrls: { mediation: 'http://mediation:80', 'sla-timer': 'http://sla:3004' },
    });
  });

  it('never offers dev sign-in in production, with RS256, or when switched off', () => {
    expect(loadConsoleSettings({ NODE_ENV: 'production' }).devSignIn).toBe(false);
    expect(loadConsoleSettings({ AUTH_JWKS_URL: 'https://idp/jwks' }).devSignIn).toBe(false);
    expect(loadConsoleSettings({ CONSOLE_DEV_SIGN_IN: 'false' }).devSignIn).toBe(false);
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => loadConsoleSettings({ CONSOLE_WARNING_SECONDS: '-1' })).toThrow('CONSOLE_WARNING_SECONDS');
  });
});
