import { DomainError, NotFoundError } from '@chuishao/kernel';
import { assertActsFor, mayKeepRoster, maySeeSummons, summonsScope, type Caller } from './department-access';

const summons = { id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f', departmentId: 'ganzhou-traffic-police' };
const townCase = ['ganzhou-district', 'shangqin-town'];

function refusal(act: () => void): { code: string; kind: string } | null {
  try {
    act();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind };
  }
}

describe('a liaison acts only on its own department summons', () => {
  it('lets the liaison of the summoned department act', () => {
    expect(() =>
      assertActsFor({ role: 'liaison', departmentId: 'ganzhou-traffic-police' }, summons),
    ).not.toThrow();
  });

  it.each<[string, Caller]>([
    ['a liaison of another department', { role: 'liaison', departmentId: 'shangqin-judicial-office' }],
    ['a liaison without a department', { role: 'liaison' }],
    [
      'a liaison whose department differs only in case',
      { role: 'liaison', departmentId: 'Ganzhou-Traffic-Police' },
    ],
  ])('answers %s as for an unknown summons: 404 SUMMONS_NOT_FOUND', (_, caller) => {
    expect(refusal(() => assertActsFor(caller, summons))).toEqual({
      code: 'SUMMONS_NOT_FOUND',
      kind: 'not_found',
    });
    expect(() => assertActsFor(caller, summons)).toThrow(NotFoundError);
  });

  it.each(['clerk', 'operator', 'mediator', 'supervisor', 'ops', 'court'])(
    'refuses a %s even when its token names the department',
    (role) => {
      const error = refusal(() => assertActsFor({ role, departmentId: 'ganzhou-traffic-police' }, summons));
      expect(error).toEqual({ code: 'ROLE_FORBIDDEN', kind: 'forbidden' });
    },
  );
});

describe('who sees one summons', () => {
  it('shows a liaison its own department only', () => {
    expect(
      maySeeSummons({ role: 'liaison', departmentId: 'ganzhou-traffic-police' }, summons, townCase),
    ).toBe(true);
    expect(maySeeSummons({ role: 'liaison', departmentId: 'daman-police-station' }, summons, townCase)).toBe(
      false,
    );
    expect(maySeeSummons({ role: 'liaison' }, summons, townCase)).toBe(false);
  });

  it.each<[string, Caller, boolean]>([
    ['an operator at the case center', { role: 'operator', centerId: 'shangqin-town' }, true],
    ['a supervisor at the center above', { role: 'supervisor', centerId: 'ganzhou-district' }, true],
    ['an operator at a village below', { role: 'operator', centerId: 'anlizha-village' }, false],
    ['a supervisor at the neighbouring town', { role: 'supervisor', centerId: 'liangjiadun-town' }, false],
    ['an operator without a center', { role: 'operator' }, false],
    ['a supervisor without a center (the network)', { role: 'supervisor' }, true],
    ['ops', { role: 'ops' }, true],
  ])('%s: %s', (_, caller, seen) => {
    expect(maySeeSummons(caller, summons, townCase)).toBe(seen);
  });

  it('shows a case not registered yet (no path) only to those who see the whole network', () => {
    expect(maySeeSummons({ role: 'operator', centerId: 'ganzhou-district' }, summons, null)).toBe(false);
    expect(maySeeSummons({ role: 'ops' }, summons, null)).toBe(true);
  });
});

describe('what of an inbox or a stream a caller sees', () => {
  it('a liaison: all of its own department, none of another', () => {
    const liaison = { role: 'liaison', departmentId: 'ganzhou-traffic-police' };
    expect(summonsScope(liaison, 'ganzhou-traffic-police')).toBe('all');
    expect(summonsScope(liaison, 'daman-police-station')).toBe('none');
    expect(summonsScope({ role: 'liaison' }, 'daman-police-station')).toBe('none');
  });

  it('an operator or a supervisor: the cases within their center; ops and the network: all', () => {
    expect(summonsScope({ role: 'operator', centerId: 'shangqin-town' }, 'x')).toEqual({
      within: 'shangqin-town',
    });
    expect(summonsScope({ role: 'supervisor', centerId: 'ganzhou-district' }, 'x')).toEqual({
      within: 'ganzhou-district',
    });
    expect(summonsScope({ role: 'operator' }, 'x')).toBe('none');
    expect(summonsScope({ role: 'supervisor' }, 'x')).toBe('all');
    expect(summonsScope({ role: 'ops' }, 'x')).toBe('all');
  });
});

describe('who keeps a duty roster', () => {
  const townPolice = { id: 'shangqin-police-station', centerIds: ['shangqin-town'] };

  it.each<[string, Caller, boolean]>([
    ["the department's own liaison", { role: 'liaison', departmentId: 'shangqin-police-station' }, true],
    ["another department's liaison", { role: 'liaison', departmentId: 'daman-police-station' }, false],
    ['a supervisor at the center it serves', { role: 'supervisor', centerId: 'shangqin-town' }, true],
    ['a supervisor at the district above it', { role: 'supervisor', centerId: 'ganzhou-district' }, true],
    ["the network's supervision (no center)", { role: 'supervisor' }, true],
    ['ops', { role: 'ops' }, true],
    ['an operator', { role: 'operator', centerId: 'shangqin-town' }, false],
  ])('%s: %s', (_title, caller, keeps) => {
    expect(mayKeepRoster(caller, townPolice)).toBe(keeps);
  });
});
