import { describe, expect, it } from 'vitest';
import { referralTargets } from './referral';

const centers = [
  { id: 'ganzhou-district', parentId: null },
  { id: 'shangqin-town', parentId: 'ganzhou-district' },
  { id: 'daman-town', parentId: 'ganzhou-district' },
  { id: 'anlizha-village', parentId: 'shangqin-town' },
  { id: 'jinjiawan-village', parentId: 'shangqin-town' },
];

describe('where a case may be referred', () => {
  it('offers an operator the parent and every center directly below', () => {
    expect(referralTargets(centers, 'shangqin-town', 'operator')).toEqual([
      { centerId: 'ganzhou-district', direction: 'up' },
      { centerId: 'anlizha-village', direction: 'down' },
      { centerId: 'jinjiawan-village', direction: 'down' },
    ]);
  });

  it('offers a clerk the parent only, and nothing above the top or for an unknown center', () => {
    expect(referralTargets(centers, 'anlizha-village', 'clerk')).toEqual([
      { centerId: 'shangqin-town', direction: 'up' },
    ]);
    expect(referralTargets(centers, 'ganzhou-district', 'supervisor')).toEqual([
      { centerId: 'shangqin-town', direction: 'down' },
      { centerId: 'daman-town', direction: 'down' },
    ]);
    expect(referralTargets(centers, 'nowhere', 'operator')).toEqual([]);
    expect(referralTargets(centers, 'shangqin-town', 'mediator')).toEqual([]);
  });
});
