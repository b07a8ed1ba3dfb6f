import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConsoleSettings, consoleSettingsSchema } from './console-settings';

describe('loadConsoleSettings', () => {
  it('has working defaults', () => {
    expect(loadConsoleSettings({ CHUISHAO_DEV: '1' })).toEqual({
      warningSeconds: 600,
      boardRefreshSeconds: 5,
      onSiteResolutionSeconds: 86400,
      arrivalAwayMeters: 500,
      slaTimerUrl: 'http://127.0.0.1:3004',
      devSignIn: true,
      devTokenSeconds: 3600,
      oidc: null,
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

  it('offers dev sign-in only under CHUISHAO_DEV=1 on the built-in secret, unless switched off', () => {
    const dev = { CHUISHAO_DEV: '1' };
    expect(loadConsoleSettings({}).devSignIn).toBe(false);
    expect(loadConsoleSettings({ NODE_ENV: 'test' }).devSignIn).toBe(false);
    expect(() => loadConsoleSettings({ ...dev, NODE_ENV: 'production' })).toThrow(/production/);
    expect(loadConsoleSettings({ ...dev, AUTH_JWKS_URL: 'https://idp/jwks' }).devSignIn).toBe(false);
    expect(
      loadConsoleSettings({ ...dev, AUTH_JWT_SECRET: 'a-deployment-secret-nobody-has-published-0123' })
        .devSignIn,
    ).toBe(false);
    expect(loadConsoleSettings({ ...dev, CONSOLE_DEV_SIGN_IN: 'false' }).devSignIn).toBe(false);
    expect(loadConsoleSettings(dev).devSignIn).toBe(true);
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => loadConsoleSettings({ CONSOLE_WARNING_SECONDS: '-1' })).toThrow('CONSOLE_WARNING_SECONDS');
  });

  it('signs in through an identity provider when OIDC_ISSUER_URL and OIDC_CLIENT_ID are set, with no dev sign-in', () => {
    const settings = loadConsoleSettings({
      CHUISHAO_DEV: '1',
      OIDC_ISSUER_URL: 'https://idp.example.gov.cn/realms/chuishao',
      OIDC_CLIENT_ID: 'workstation',
    });
    expect(settings.oidc).toEqual({
      issuer: 'https://idp.example.gov.cn/realms/chuishao',
      clientId: 'workstation',
      scope: 'openid',
    });
    expect(settings.devSignIn).toBe(false);
    expect(() => loadConsoleSettings({ OIDC_ISSUER_URL: 'https://idp' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConsoleSettings({ OIDC_CLIENT_ID: 'w' })).toThrow(/OIDC_ISSUER_URL/);
    expect(() => loadConsoleSettings({ OIDC_ISSUER_URL: 'idp', OIDC_CLIENT_ID: 'w' })).toThrow(/URL/);
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(consoleSettingsSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
  });
});
