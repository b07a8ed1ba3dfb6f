import { describe, expect, it } from 'vitest';
import { beijingTime, overrideBody, overrideState } from './roster';

describe('the roster screen', () => {
  it('turns a night swap typed in Beijing time into [from, to) instants ending the next morning', () => {
    const body = overrideBody({
      contactId: 'liaison-2',
      date: '2026-12-03',
      fromTime: '20:00',
      toTime: '08:30',
      reason: ' 调班 ',
    });
    expect(body).toEqual({
      contactId: 'liaison-2',
      from: '2026-12-03T12:00:00.000Z',
      to: '2026-12-04T00:30:00.000Z',
      reason: '调班',
    });
  });

  it('keeps a daytime override on its own day and leaves out a blank reason', () => {
    const body = overrideBody({
      contactId: 'a',
      date: '2026-12-03',
      fromTime: '09:00',
      toTime: '17:00',
      reason: ' ',
    });
    expect(body).toEqual({
      contactId: 'a',
      from: '2026-12-03T01:00:00.000Z',
      to: '2026-12-03T09:00:00.000Z',
    });
  });

  it('says where an override stands: upcoming, active from its start, ended at its end, or cancelled', () => {
    const o = { from: '2026-12-03T12:00:00Z', to: '2026-12-04T00:30:00Z', cancelledAt: null };
    expect(overrideState(o, new Date('2026-12-03T11:59:59Z'))).toBe('upcoming');
    expect(overrideState(o, new Date('2026-12-03T12:00:00Z'))).toBe('active');
    expect(overrideState(o, new Date('2026-12-04T00:30:00Z'))).toBe('ended');
    expect(
      overrideState({ ...o, cancelledAt: '2026-12-03T13:00:00Z' }, new Date('2026-12-03T14:00:00Z')),
    ).toBe('cancelled');
  });

  it('shows instants in Beijing time', () => {
    expect(beijingTime('2026-12-04T00:30:00.000Z')).toBe('2026-12-04 08:30');
  });
});
