import {
  isPhoneNumber,
  isResidentIdNumber,
  maySearchByPersonalData,
  maySeeFullPersonalData,
  normaliseIdNumber,
  normalisePhone,
} from './personal-data';

describe('personal data rules', () => {
  it('normalises ID numbers (trimmed, upper-case) and phones (digits only)', () => {
    expect(normaliseIdNumber(' 62070219800101123x ')).toBe('62070219800101123X');
    expect(normalisePhone('+86 139-1234 5678')).toBe('8613912345678');
    expect(isResidentIdNumber('62070219800101123X')).toBe(true);
    expect(isResidentIdNumber('62070219800101123')).toBe(false);
    expect(isPhoneNumber('13912345678')).toBe(true);
    expect(isPhoneNumber('1234')).toBe(false);
  });

  it('shows full values to clerks and mediators only, and lets clerks and operators search', () => {
    const roles = ['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court'];
    expect(roles.filter(maySeeFullPersonalData)).toEqual(['clerk', 'mediator']);
    expect(roles.filter(maySearchByPersonalData)).toEqual(['clerk', 'operator']);
  });
});
