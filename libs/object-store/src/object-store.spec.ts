import { ObjectKeyError, checkObjectKey } from './object-store';

describe('object keys', () => {
  it('given ids joined by slashes, accepts them as they are', () => {
    expect(checkObjectKey('cases/0b7c/evidence/1f2e.bin')).toBe('cases/0b7c/evidence/1f2e.bin');
  });

  it.each([
    '',
    '../etc/passwd',
    'cases/../../etc',
    '/absolute',
    'a//b',
    'a/./b',
    'trailing/',
    'back\\slash',
    'nul\u0000',
    '.hidden',
    'x'.repeat(513),
  ])('given %j, refuses it', (key) => {
    expect(() => checkObjectKey(key)).toThrow(ObjectKeyError);
  });
});
