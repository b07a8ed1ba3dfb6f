import { describe, expect, it } from 'vitest';
import en from '../i18n/en.admin';
import zh from '../i18n/zh-CN.admin';
import { newestFirst, refusalWords, SMS_REFUSAL_CODES, type SmsReply } from './sms-replies';

/** Looks `smsReplies.codes.X` up in a dictionary, as vue-i18n's t does. */
const lookup = (dictionary: typeof zh) => (key: string) =>
  key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], dictionary) as string;

const reply = (messageId: string, receivedAt: string): SmsReply => ({
  messageId,
  receivedAt,
  sender: '139****0142',
  text: '1 17',
  outcome: 'applied',
  code: null,
  action: 'acknowledge',
  summonsId: 's-1',
});

describe('SMS replies as ops reads them', () => {
  it('explains each refusal code department answers in Chinese words', () => {
    const t = lookup(zh);
    expect(refusalWords('SMS_SENDER_UNKNOWN', t)).toBe('号码不在通讯录');
    expect(refusalWords('SMS_SENDER_NOT_ON_ROSTER', t)).toBe('不是该部门的联络员');
    expect(refusalWords('SMS_REPLY_UNREADABLE', t)).toBe('无法识别的回复');
    expect(refusalWords('SMS_REPLY_CODE_UNKNOWN', t)).toBe('回复码不存在');
    expect(refusalWords('SMS_REPLY_CODE_NEEDED', t)).toBe('有多条召集，需带回复码');
    expect(refusalWords('SMS_REPLY_NOTHING_OPEN', t)).toBe('没有待处理的召集');
  });

  it('has words for every code in both languages, the summons’ own refusals included', () => {
    for (const dictionary of [zh, en])
      for (const code of SMS_REFUSAL_CODES) {
        const words = refusalWords(code, lookup(dictionary));
        expect(words).toBeTruthy();
        expect(words).not.toBe(code);
      }
  });

  it('shows a code it does not know as itself, and nothing for an applied reply', () => {
    const t = lookup(zh);
    expect(refusalWords('SMS_SOMETHING_NEW', t)).toBe('SMS_SOMETHING_NEW');
    expect(refusalWords(null, t)).toBe('');
  });

  it('lists the newest first', () => {
    const older = reply('mo-1', '2026-12-04T08:00:00.000Z');
    const newer = reply('mo-2', '2026-12-04T08:00:05.000Z');
    expect(newestFirst([older, newer]).map((r) => r.messageId)).toEqual(['mo-2', 'mo-1']);
  });
});
