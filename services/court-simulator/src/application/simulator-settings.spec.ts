import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  loadSimulatorListener,
  loadSimulatorSettings,
  simulatorSettingsSchema,
  simulatorListenerSchema,
} from './simulator-settings';

describe('court-simulator settings', () => {
  it('runs on the published development secret only under CHUISHAO_DEV=1', () => {
    expect(loadSimulatorSettings({ CHUISHAO_DEV: '1' }).secret).toBe('dev-court-secret');
  });

  it('refuses to start without COURT_SECRET outside development', () => {
    expect(() => loadSimulatorSettings({})).toThrow('set COURT_SECRET');
  });

  it('refuses the published secret and short ones outside development', () => {
    expect(() => loadSimulatorSettings({ COURT_SECRET: 'dev-court-secret' })).toThrow(
      'published in the repository',
    );
    expect(() => loadSimulatorSettings({ COURT_SECRET: 'short' })).toThrow('at least 32 characters');
    expect(() => loadSimulatorSettings({ CHUISHAO_DEV: '1', NODE_ENV: 'production' })).toThrow(
      'NODE_ENV=production',
    );
  });

  it("takes the deployer's own secret", () => {
    const own = 'a-court-secret-of-the-deployers-own-32+';
    expect(loadSimulatorSettings({ COURT_SECRET: own }).secret).toBe(own);
  });

  it('refuses to start on a steering pattern that is not a regular expression', () => {
    expect(() => loadSimulatorSettings({ CHUISHAO_DEV: '1', COURT_REJECT_TERMS_MATCHING: '(' })).toThrow(
      'COURT_REJECT_TERMS_MATCHING must be a valid regular expression',
    );
    expect(
      loadSimulatorSettings({ CHUISHAO_DEV: '1', COURT_REJECT_TERMS_MATCHING: 'x+' }).rejectTermsMatching,
    ).toBe('x+');
  });

  it('lists every refused variable at once, by name', () => {
    expect(() =>
      loadSimulatorSettings({ COURT_ACCEPT_AFTER_MS: '-1', COURT_EXTEND_TERMS_MATCHING: '[' }),
    ).toThrow(
      /COURT_ACCEPT_AFTER_MS must be a whole number ≥ 0, got -1; COURT_EXTEND_TERMS_MATCHING must be a valid regular expression, got \[; set COURT_SECRET/,
    );
  });

  it('listens where PORT says, else COURT_SIMULATOR_PORT, else 3007, on loopback unless HOST says otherwise', () => {
    expect(loadSimulatorListener({})).toEqual({ port: 3007, host: '127.0.0.1', publicUrl: undefined });
    expect(
      loadSimulatorListener({ PORT: '4000', COURT_SIMULATOR_PORT: '4001', HOST: '0.0.0.0' }),
    ).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
    });
    expect(loadSimulatorListener({ COURT_SIMULATOR_PORT: '4001' }).port).toBe(4001);
    expect(() => loadSimulatorListener({ PORT: '70000' })).toThrow('PORT must be a port number, got 70000');
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(simulatorSettingsSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
    expect(undocumentedVariables(simulatorListenerSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
  });
});
