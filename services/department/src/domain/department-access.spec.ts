import { DomainError, ForbiddenError } from '@chuishao/kernel';
import { assertActsFor, assertMaySee, type Caller } from './department-access';

const summons = { id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f', departmentId: 'ganzhou-traffic-police' };

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
  ])('refuses %s with 403 DEPARTMENT_FORBIDDEN', (_, caller) => {
    expect(refusal(() => assertActsFor(caller, summons))).toEqual({
      code: 'DEPARTMENT_FORBIDDEN',
      kind: 'forbidden',
    });
  });

  it.each(['clerk', 'operator', 'mediator', 'supervisor', 'ops', 'court'])(
    'refuses a %s even when its token names the department',
    (role) => {
      const error = refusal(() => assertActsFor({ role, departmentId: 'ganzhou-traffic-police' }, summons));
      expect(error).toEqual({ code: 'ROLE_FORBIDDEN', kind: 'forbidden' });
    },
  );

  it('raises a ForbiddenError, which the platform answers with 403', () => {
    expect(() => assertActsFor({ role: 'liaison', departmentId: 'elsewhere' }, summons)).toThrow(
      ForbiddenError,
    );
  });
});

describe('who sees a department inbox or summons', () => {
  it('shows a liaison its own department only', () => {
    const liaison = { role: 'liaison', departmentId: 'ganzhou-traffic-police' };
    expect(() => assertMaySee(liaison, 'ganzhou-traffic-police', 'the inbox')).not.toThrow();
    expect(refusal(() => assertMaySee(liaison, 'daman-police-station', 'the inbox'))).toEqual({
      code: 'DEPARTMENT_FORBIDDEN',
      kind: 'forbidden',
    });
    expect(refusal(() => assertMaySee({ role: 'liaison' }, 'daman-police-station', 'the inbox'))).toEqual({
      code: 'DEPARTMENT_FORBIDDEN',
      kind: 'forbidden',
    });
  });

  it.each(['operator', 'supervisor', 'ops'])('shows a %s every department', (role) => {
    expect(() => assertMaySee({ role }, 'daman-police-station', 'the inbox')).not.toThrow();
  });
});
