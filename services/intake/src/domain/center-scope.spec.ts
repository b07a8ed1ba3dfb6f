import type { Center } from './center';
import { centersInScope, inScope } from './center-scope';

const center = (id: string, parentId: string | null): Center => ({
  id,
  code: id.toUpperCase(),
  name: id,
  nameZh: id,
  tier: parentId === null ? 'district' : 'town',
  parentId,
});
const CENTERS = [
  center('district', null),
  center('town-a', 'district'),
  center('town-b', 'district'),
  center('village-a1', 'town-a'),
  center('village-b1', 'town-b'),
];

describe('centersInScope', () => {
  it('keeps a clerk to their own center', () => {
    expect([...centersInScope(CENTERS, { role: 'clerk', centerId: 'town-a' })!]).toEqual(['town-a']);
  });

  it('gives an operator or a supervisor their center and everything below, nothing above or beside', () => {
    for (const role of ['operator', 'supervisor']) {
      expect([...centersInScope(CENTERS, { role, centerId: 'town-a' })!].sort()).toEqual([
        'town-a',
        'village-a1',
      ]);
      expect(centersInScope(CENTERS, { role, centerId: 'district' })!.size).toBe(5);
      expect(centersInScope(CENTERS, { role, centerId: 'atlantis' })!.size).toBe(0);
    }
  });

  it('reaches every center for a network-wide post, none for an operator without a center', () => {
    expect(centersInScope(CENTERS, { role: 'supervisor' })).toBeNull();
    expect(centersInScope(CENTERS, { role: 'ops' })).toBeNull();
    expect(centersInScope(CENTERS, { role: 'operator' })!.size).toBe(0);
    expect(inScope(null, 'anything')).toBe(true);
    expect(inScope(new Set(['town-a']), 'town-b')).toBe(false);
  });
});
