import { loadMediationSettings } from './mediation-settings';

describe('mediation settings', () => {
  it('defaults to the seven days of 四级七天, split 1 + 2 + 2 + 2 days, from the grid worker', () => {
    const settings = loadMediationSettings({});
    expect(Object.values(settings.ladder).reduce((a, b) => a + b, 0)).toBe(7 * 86_400);
    expect(settings.startLevel).toBe('grid_worker');
    expect(settings.defaultMediators).toEqual({});
  });

  it('reads a configured split, start level and default mediators', () => {
    const settings = loadMediationSettings({
      MEDIATION_LADDER_SECONDS: '60, 120,180,240',
      MEDIATION_START_LEVEL: 'village_committee',
      MEDIATION_DEFAULT_MEDIATORS: '{"anlizha-village":"mediator-zhang"}',
    });
    expect(settings.ladder).toEqual({
      grid_worker: 60,
      village_committee: 120,
      town_center: 180,
      town_government: 240,
    });
    expect(settings.startLevel).toBe('village_committee');
    expect(settings.defaultMediators).toEqual({ 'anlizha-village': 'mediator-zhang' });
  });

  it('refuses a split of the wrong length or with a non-positive level', () => {
    expect(() => loadMediationSettings({ MEDIATION_LADDER_SECONDS: '60,60,60' })).toThrow(/4 durations/);
    expect(() => loadMediationSettings({ MEDIATION_LADDER_SECONDS: '60,0,60,60' })).toThrow(
      /village_committee/,
    );
    expect(() => loadMediationSettings({ MEDIATION_START_LEVEL: 'county' })).toThrow(/MEDIATION_START_LEVEL/);
    expect(() => loadMediationSettings({ MEDIATION_DEFAULT_MEDIATORS: '[1' })).toThrow(/JSON/);
  });
});
