import { advanceStatus } from './case-status';

describe('case status', () => {
  it('moves forward through the flow', () => {
    expect(advanceStatus('registered', 'whistled')).toBe('whistled');
    expect(advanceStatus('whistled', 'on_site')).toBe('on_site');
  });

  it('never moves back when an older event arrives late', () => {
    expect(advanceStatus('on_site', 'whistled')).toBe('on_site');
    expect(advanceStatus('closed', 'on_site')).toBe('closed');
  });

  it('ignores a repeat of the same step', () => {
    expect(advanceStatus('whistled', 'whistled')).toBe('whistled');
  });
});
