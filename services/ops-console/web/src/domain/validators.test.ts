import { describe, expect, it } from 'vitest';
import { isMainlandMobile, isResidentIdNumber, maskIdNumber, maskPhone } from './validators';

describe('resident ID numbers (GB 11643 checksum)', () => {
  it('accepts numbers whose 18th character is their checksum, X included', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber('440524188001010014')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length, letters, an impossible date', () => {
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isResidentIdNumber('11010519491231002')).toBe(false);
    expect(isResidentIdNumber('1101051949123100AX')).toBe(false);
    expect(isResidentIdNumber('110105194913310028')).toBe(false);
  });
});

describe('mainland mobile numbers', () => {
  it('accepts 11 digits from 13 to 19, with +86, spaces or dashes', () => {
    for (const phone of ['13909361234', '+86 139 0936 1234', '189-0936-1234', '8619909361234'])
      expect(isMainlandMobile(phone)).toBe(true);
  });

  it('refuses landlines, short numbers and 12x prefixes', () => {
    for (const phone of ['0936-8211234', '1390936123', '12909361234', '139093612345'])
      expect(isMainlandMobile(phone)).toBe(false);
  });
});

describe('masking for the screen', () => {
  it('keeps the region and the last four characters only', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13909361234')).toBe('139****1234');
  });
});
