import { advanceStatus, statusesBefore } from './case-status';

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

  it('lists the statuses a step moves a case from, for the one-statement update', () => {
    expect(statusesBefore('on_site')).toEqual(['registered', 'whistled']);
    expect(statusesBefore('registered')).toEqual([]);
    // Steps of one rank do not replace each other: a rejection stays when a late grant arrives.
    expect(statusesBefore('confirmed')).not.toContain('rejected');
  });
});
