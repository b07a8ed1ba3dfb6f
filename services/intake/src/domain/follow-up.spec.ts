import { followUpDueAt, followUpPolicyFrom, reopens } from './follow-up';

describe('the follow-up window (回访)', () => {
  it('given no setting, when a case closes, then its follow-up is due three days later', () => {
    const policy = followUpPolicyFrom({});
    expect(followUpDueAt(new Date('2018-10-09T02:00:00Z'), policy)).toEqual(new Date('2018-10-12T02:00:00Z'));
  });

  it('given FOLLOW_UP_WINDOW_HOURS, then the window is that many hours; a bad value is refused', () => {
    expect(followUpPolicyFrom({ FOLLOW_UP_WINDOW_HOURS: '24' })).toEqual({ windowHours: 24 });
    expect(() => followUpPolicyFrom({ FOLLOW_UP_WINDOW_HOURS: '0' })).toThrow(/FOLLOW_UP_WINDOW_HOURS/);
    expect(() => followUpPolicyFrom({ FOLLOW_UP_WINDOW_HOURS: '1.5' })).toThrow(/FOLLOW_UP_WINDOW_HOURS/);
  });

  it('reopens on an unsatisfied answer only', () => {
    expect([reopens('satisfied'), reopens('basically_satisfied'), reopens('unsatisfied')]).toEqual([
      false,
      false,
      true,
    ]);
  });
});
