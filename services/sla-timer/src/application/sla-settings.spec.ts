import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSlaSettings, policyFor, slaSettingsSchema } from './sla-settings';

describe('SLA settings', () => {
  it('defaults to a 10-minute warning and a 15-minute second level', () => {
    expect(loadSlaSettings({}).defaultPolicy).toEqual({
      warningSeconds: 600,
      escalationSeconds: 900,
      levels: 2,
    });
  });

  it('selects a policy by dispute type and urgency, most specific first', () => {
    const settings = loadSlaSettings({
      SLA_WARNING_SECONDS: '300',
      SLA_POLICIES: JSON.stringify({
        '*:urgent': { escalationSeconds: 600 },
        road_traffic: { levels: 3 },
        'road_traffic:urgent': { warningSeconds: 120 },
      }),
    });
    expect(policyFor(settings, 'neighbour', 'normal')).toEqual({
      warningSeconds: 300,
      escalationSeconds: 900,
      levels: 2,
    });
    expect(policyFor(settings, 'road_traffic', 'urgent')).toEqual({
      warningSeconds: 120,
      escalationSeconds: 600,
      levels: 3,
    });
  });

  it('refuses nonsense at start-up', () => {
    expect(() => loadSlaSettings({ SLA_WARNING_SECONDS: '0' })).toThrow(/SLA_WARNING_SECONDS/);
    expect(() => loadSlaSettings({ SLA_POLICIES: '{' })).toThrow(/SLA_POLICIES/);
    expect(() => loadSlaSettings({ SLA_POLICIES: '{"x":{"levels":-1}}' })).toThrow(/levels/);
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(slaSettingsSchema, readme, Object.keys(developmentVariables))).toEqual([]);
  });
});
