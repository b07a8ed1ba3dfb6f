import { nextReplyCode, parseSmsReply, replyHint, summonsForReply, type ReplyCandidate } from './sms-reply';

describe('an SMS reply', () => {
  it.each([
    ['1 17', 'acknowledge', 17],
    ['1#17', 'acknowledge', 17],
    ['１　１７', 'acknowledge', 17],
    ['确认17', 'acknowledge', 17],
    ['确认 17。', 'acknowledge', 17],
    ['a 3', 'acknowledge', 3],
    ['2 5', 'arrive', 5],
    ['报到5', 'arrive', 5],
    ['1', 'acknowledge', null],
    ['到达', 'arrive', null],
  ])('reads %j as %s of code %s', (text, action, code) => {
    expect(parseSmsReply(text)).toEqual({ action, code });
  });

  it.each(['117', '3 17', '好的', '', '1 170', '确认 17 谢谢'])('does not guess at %j', (text) => {
    expect(parseSmsReply(text)).toBeNull();
  });
});

describe('which summons a reply answers', () => {
  const candidates: ReplyCandidate[] = [
    { code: 17, summonsId: 'a', open: true },
    { code: 18, summonsId: 'b', open: false },
  ];

  it('given a code, the summons under it, open or not (the summons itself says 409 if past)', () => {
    expect(summonsForReply({ action: 'arrive', code: 18 }, candidates)).toEqual({ summonsId: 'b' });
  });

  it('given a code this phone was never sent, refused', () => {
    expect(summonsForReply({ action: 'arrive', code: 3 }, candidates)).toEqual({
      refused: 'SMS_REPLY_CODE_UNKNOWN',
    });
  });

  it('given no code and one open summons, that one', () => {
    expect(summonsForReply({ action: 'acknowledge', code: null }, candidates)).toEqual({ summonsId: 'a' });
  });

  it('given no code and two open summons, refused: it would be a guess', () => {
    const two = [...candidates, { code: 19, summonsId: 'c', open: true }];
    expect(summonsForReply({ action: 'acknowledge', code: null }, two)).toEqual({
      refused: 'SMS_REPLY_CODE_NEEDED',
    });
  });

  it('given no code and nothing open, refused', () => {
    expect(summonsForReply({ action: 'acknowledge', code: null }, [candidates[1]!])).toEqual({
      refused: 'SMS_REPLY_NOTHING_OPEN',
    });
  });
});

describe('reply codes', () => {
  it('count up per phone and start again after 99', () => {
    expect(nextReplyCode(0)).toBe(1);
    expect(nextReplyCode(17)).toBe(18);
    expect(nextReplyCode(99)).toBe(1);
  });

  it('are told in the text with both answers', () => {
    expect(replyHint(17)).toBe('回复“1 17”确认收到，“2 17”报到。');
  });
});
