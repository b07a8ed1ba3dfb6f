import { mayRefer, referralDirection } from './referral';

const district = { id: 'ganzhou-district', parentId: null };
const town = { id: 'shangqin-town', parentId: 'ganzhou-district' };
const otherTown = { id: 'gaotai-town', parentId: 'ganzhou-district' };
const village = { id: 'anlizha-village', parentId: 'shangqin-town' };

describe('a referral between tiers', () => {
  it('goes up to the parent center and down to a center directly below', () => {
    expect(referralDirection(village, town)).toBe('up');
    expect(referralDirection(town, district)).toBe('up');
    expect(referralDirection(district, town)).toBe('down');
    expect(referralDirection(town, village)).toBe('down');
  });

  it('goes nowhere else: not sideways, not two tiers at once, not to itself, not above the top', () => {
    expect(referralDirection(town, otherTown)).toBeNull();
    expect(referralDirection(village, district)).toBeNull();
    expect(referralDirection(district, village)).toBeNull();
    expect(referralDirection(town, town)).toBeNull();
    expect(referralDirection(district, { id: 'nowhere', parentId: 'elsewhere' })).toBeNull();
  });

  it('is referred up by the center holding the case, clerk included; handed down only by operators and supervisors', () => {
    expect(['clerk', 'operator', 'supervisor'].every((role) => mayRefer(role, 'up'))).toBe(true);
    expect(mayRefer('clerk', 'down')).toBe(false);
    expect(['operator', 'supervisor'].every((role) => mayRefer(role, 'down'))).toBe(true);
    expect(mayRefer('mediator', 'up')).toBe(false);
    expect(mayRefer('liaison', 'down')).toBe(false);
  });
});
