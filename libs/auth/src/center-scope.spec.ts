import { listScope, reachesCase } from './center-scope';

const village = ['ganzhou-district', 'shangqin-town', 'anlizha-village'];

describe('reachesCase', () => {
  it('reaches a case at the own center or below, never above or beside', () => {
    for (const role of ['operator', 'supervisor']) {
      expect(reachesCase({ role, centerId: 'shangqin-town' }, village)).toBe(true);
      expect(reachesCase({ role, centerId: 'ganzhou-district' }, village)).toBe(true);
      expect(reachesCase({ role, centerId: 'anlizha-village' }, ['ganzhou-district', 'shangqin-town'])).toBe(
        false,
      );
      expect(reachesCase({ role, centerId: 'liangjiadun-town' }, village)).toBe(false);
    }
  });

  it('keeps a clerk to their own center, and lets the network-wide posts reach everything', () => {
    expect(reachesCase({ role: 'clerk', centerId: 'anlizha-village' }, village)).toBe(true);
    expect(reachesCase({ role: 'clerk', centerId: 'shangqin-town' }, village)).toBe(false);
    expect(reachesCase({ role: 'supervisor' }, village)).toBe(true);
    expect(reachesCase({ role: 'operator' }, village)).toBe(false);
    expect(reachesCase({ role: 'mediator' }, village)).toBe(true);
    expect(listScope({ role: 'operator', centerId: 'shangqin-town' })).toEqual({ within: 'shangqin-town' });
    expect(listScope({ role: 'supervisor' })).toBe('all');
    expect(listScope({ role: 'operator' })).toBe('none');
    expect(listScope({ role: 'ops' })).toBe('all');
  });
});
