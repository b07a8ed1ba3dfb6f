import { at, close, followUp, given, progress, refer, register } from './case.given';

const DAY = 24 * 60;

describe('the Case decider: the follow-up after a closing (回访) and reopening', () => {
  it('given a closed case, when a clerk closes it, then its follow-up is due three days later, unanswered', () => {
    const { then } = given().when(close('resolved', at(60)));
    expect(then).toMatchObject({ status: 'closed', followUpDueAt: at(60 + 3 * DAY), followedUpAt: null });
  });

  it('given a closed case, when the party answers satisfied, then the follow-up is recorded and the case stays closed', () => {
    const { events, then } = given(register(), close('resolved', at(60))).when(
      followUp('satisfied', ' 很好 ', at(DAY), 'sms_link'),
    );
    expect(events).toEqual([
      {
        type: 'FollowUpRecorded',
        channel: 'sms_link',
        answer: 'satisfied',
        resolved: true,
        comment: '很好',
        closedAt: at(60),
        at: at(DAY),
      },
    ]);
    expect(then).toMatchObject({ status: 'closed', followedUpAt: at(DAY) });
  });

  it('given a closed case, when the party answers unsatisfied, then it reopens with the comment, open to referrals and a new close', () => {
    const closed = given(register(), close('resolved', at(60)));
    const { events, then } = closed.when(followUp('unsatisfied', '赔偿没有到位', at(DAY)));
    expect(events.map((e) => e.type)).toEqual(['FollowUpRecorded', 'CaseReopened']);
    expect(events[1]).toEqual({ type: 'CaseReopened', comment: '赔偿没有到位', at: at(DAY) });
    expect(then).toMatchObject({
      status: 'reopened',
      closedAt: null,
      closeReason: null,
      statusChangedAt: at(DAY),
    });

    const reopened = given(register(), close('resolved', at(60)), followUp('unsatisfied', 'x', at(DAY)));
    expect(reopened.when(progress('whistled', at(DAY + 1))).events).toEqual([]);
    expect(reopened.when(refer('shangqin-town', 'up', 'again', at(DAY + 2))).then.centerId).toBe(
      'shangqin-town',
    );
    const again = reopened.when(close('resolved again', at(2 * DAY)));
    expect(again.then).toMatchObject({ status: 'closed', followUpDueAt: at(5 * DAY), followedUpAt: null });
  });

  it('refuses a follow-up of an open case, a second answer, and an unsatisfied answer without a comment', () => {
    expect(() => given().when(followUp('satisfied'))).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_CLOSED' }),
    );
    const answered = given(register(), close(), followUp('basically_satisfied'));
    expect(() => answered.when(followUp('unsatisfied', 'late'))).toThrow(
      expect.objectContaining({ code: 'FOLLOW_UP_ALREADY_RECORDED' }),
    );
    expect(() => given(register(), close()).when(followUp('unsatisfied', '  '))).toThrow(
      expect.objectContaining({ code: 'FOLLOW_UP_COMMENT_REQUIRED', field: 'comment' }),
    );
    expect(() => given(register(), close()).when(followUp('satisfied', 'x'.repeat(1001)))).toThrow(
      expect.objectContaining({ code: 'FOLLOW_UP_COMMENT_TOO_LONG' }),
    );
  });
});
