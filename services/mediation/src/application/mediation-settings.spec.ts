import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { days, months, seconds } from '@chuishao/legal-calendar';
import { loadMediationSettings, mediationSettingsSchema } from './mediation-settings';

describe('mediation settings', () => {
  it('defaults to the seven days of 四级七天 (1 + 2 + 2 + 2 calendar days) from the grid worker, and a one-month limit', () => {
    const settings = loadMediationSettings({});
    expect(settings.ladder).toEqual({
      grid_worker: days(1),
      village_committee: days(2),
      town_center: days(2),
      town_government: days(2),
    });
    expect(settings.timeLimit).toEqual(months(1));
    expect(settings.startLevel).toBe('grid_worker');
    expect(settings.defaultMediators).toEqual({});
  });

  it('reads a split in days, or in elapsed seconds (which win), a time limit, start level and default mediators', () => {
    expect(loadMediationSettings({ MEDIATION_LADDER_DAYS: '2,2,2,1' }).ladder.town_government).toEqual(
      days(1),
    );
    expect(loadMediationSettings({ MEDIATION_TIME_LIMIT_MONTHS: '2' }).timeLimit).toEqual(months(2));
    expect(loadMediationSettings({ MEDIATION_TIME_LIMIT_SECONDS: '600' }).timeLimit).toEqual(seconds(600));
    const settings = loadMediationSettings({
      MEDIATION_LADDER_DAYS: '1,1,1,1',
      MEDIATION_LADDER_SECONDS: '60, 120,180,240',
      MEDIATION_START_LEVEL: 'village_committee',
      MEDIATION_DEFAULT_MEDIATORS: '{"anlizha-village":"mediator-zhang"}',
    });
    expect(settings.ladder).toEqual({
      grid_worker: seconds(60),
      village_committee: seconds(120),
      town_center: seconds(180),
      town_government: seconds(240),
    });
    expect(settings.startLevel).toBe('village_committee');
    expect(settings.defaultMediators).toEqual({ 'anlizha-village': 'mediator-zhang' });
  });

  it('refuses a split of the wrong length or with a non-positive level', () => {
    expect(() => loadMediationSettings({ MEDIATION_LADDER_SECONDS: '60,60,60' })).toThrow(/4 durations/);
    expect(() => loadMediationSettings({ MEDIATION_LADDER_SECONDS: '60,0,60,60' })).toThrow(
      /village_committee/,
    );
    expect(() => loadMediationSettings({ MEDIATION_LADDER_DAYS: '1,2,x,2' })).toThrow(
      /MEDIATION_LADDER_DAYS/,
    );
    expect(() => loadMediationSettings({ MEDIATION_TIME_LIMIT_MONTHS: '0' })).toThrow(
      /MEDIATION_TIME_LIMIT_MONTHS/,
    );
    expect(() => loadMediationSettings({ MEDIATION_START_LEVEL: 'county' })).toThrow(/MEDIATION_START_LEVEL/);
    expect(() => loadMediationSettings({ MEDIATION_DEFAULT_MEDIATORS: '[1' })).toThrow(/JSON/);
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(mediationSettingsSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
  });
});
