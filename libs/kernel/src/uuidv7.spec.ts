import { isUuid, uuidv7 } from './uuidv7';

describe('uuidv7', () => {
  it('is a valid version-7 UUID carrying the millisecond timestamp', () => {
    const id = uuidv7(Date.UTC(2018, 9, 15, 8, 0, 0));
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2018, 9, 15, 8, 0, 0));
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
