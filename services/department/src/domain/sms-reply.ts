/**
 * Answering a summons by SMS (issue 20 item 5): the text of a summons carries a short reply code,
 * and the liaison answers "1 17" (acknowledged: someone is on the way) or "2 17" (on site, 报到),
 * the words 确认 / 到达 doing as well as the digits. The code is per phone: the same liaison never
 * holds two open summons under one code, and it stays short enough to type with a thumb. Pure
 * rules: the SMS gateway's inbound webhook (src/http) and its use case carry them out.
 */

export type SmsReplyAction = 'acknowledge' | 'arrive';

export interface SmsReply {
  action: SmsReplyAction;
  /** The summons' reply code; null when the liaison left it out (fine with one summons open). */
  code: number | null;
}

/** Codes run 1..99 per phone, then start again: a code is reused only after 98 later summons. */
export const MAX_REPLY_CODE = 99;

export function nextReplyCode(lastCode: number): number {
  return (lastCode % MAX_REPLY_CODE) + 1;
}

const ACTION_WORDS: Record<string, SmsReplyAction> = {
  '1': 'acknowledge',
  A: 'acknowledge',
  ACK: 'acknowledge',
  确认: 'acknowledge',
  收到: 'acknowledge',
  '2': 'arrive',
  R: 'arrive',
  到达: 'arrive',
  报到: 'arrive',
  到场: 'arrive',
};

/**
 * What a reply asks, or null when it cannot be read. Full-width digits and spaces (a Chinese
 * keyboard's) read as ASCII; a digit action needs a space or # before its code ("1 17", "1#17"),
 * so that "117" is not guessed at.
 */
export function parseSmsReply(text: string): SmsReply | null {
  const plain = text
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[。.!！]+$/u, '');
  const match =
    /^([12]|ACK|A|R|确认|收到|到达|报到|到场)(?:(?:\s*#\s*|\s+)(\d{1,2})|(?<![12])\s*(\d{1,2}))?$/u.exec(
      plain,
    );
  if (!match) return null;
  const action = ACTION_WORDS[match[1]!];
  const code = match[2] ?? match[3];
  if (!action) return null;
  return { action, code: code === undefined ? null : Number(code) };
}

/** A summons texted to the replying phone, under its code. */
export interface ReplyCandidate {
  code: number;
  summonsId: string;
  /** Whether it still takes an answer (notified or acknowledged). */
  open: boolean;
}

/**
 * Why a signed reply is not applied before any summons' rule is asked (the summons' own 409 codes,
 * past that step or stood down, come after): the sender, the text, or which summons it answers.
 */
export const SMS_REPLY_REFUSALS = [
  'SMS_SENDER_UNKNOWN',
  'SMS_SENDER_NOT_ON_ROSTER',
  'SMS_REPLY_UNREADABLE',
  'SMS_REPLY_CODE_UNKNOWN',
  'SMS_REPLY_CODE_NEEDED',
  'SMS_REPLY_NOTHING_OPEN',
] as const;
export type SmsReplyRefusal = (typeof SMS_REPLY_REFUSALS)[number];

export type ReplyRefusal = Extract<
  SmsReplyRefusal,
  'SMS_REPLY_CODE_UNKNOWN' | 'SMS_REPLY_CODE_NEEDED' | 'SMS_REPLY_NOTHING_OPEN'
>;

/**
 * Which summons a reply answers: the one under its code; without a code, the only one still
 * open. A code no summons of this phone holds, or several open and no code, is refused: guessing
 * would answer for the wrong case.
 */
export function summonsForReply(
  reply: SmsReply,
  candidates: readonly ReplyCandidate[],
): { summonsId: string } | { refused: ReplyRefusal } {
  if (reply.code !== null) {
    const byCode = candidates.find((c) => c.code === reply.code);
    return byCode ? { summonsId: byCode.summonsId } : { refused: 'SMS_REPLY_CODE_UNKNOWN' };
  }
  const open = candidates.filter((c) => c.open);
  if (open.length === 1) return { summonsId: open[0]!.summonsId };
  return { refused: open.length === 0 ? 'SMS_REPLY_NOTHING_OPEN' : 'SMS_REPLY_CODE_NEEDED' };
}

/** What a summons text adds so that it can be answered from the phone. */
export function replyHint(code: number): string {
  return `回复“1 ${code}”确认收到，“2 ${code}”报到。`;
}
