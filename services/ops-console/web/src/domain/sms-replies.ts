/**
 * Liaisons' SMS replies as ops reads them (department GET /sms/replies, issue 20 item 5): what a
 * refusal code means in words. The codes are department's; one it adds later is shown as itself
 * rather than hidden, so ops can still look it up.
 */
export interface SmsReply {
  messageId: string;
  receivedAt: string;
  sender: string;
  text: string;
  outcome: 'applied' | 'refused';
  code: string | null;
  action: 'acknowledge' | 'arrive' | null;
  summonsId: string | null;
}

/** Every refusal code department answers a reply with, each with its words under smsReplies.codes. */
export const SMS_REFUSAL_CODES = [
  'SMS_SENDER_UNKNOWN',
  'SMS_SENDER_NOT_ON_ROSTER',
  'SMS_REPLY_UNREADABLE',
  'SMS_REPLY_CODE_UNKNOWN',
  'SMS_REPLY_CODE_NEEDED',
  'SMS_REPLY_NOTHING_OPEN',
  'SUMMONS_ALREADY_ACKNOWLEDGED',
  'SUMMONS_ALREADY_ARRIVED',
  'SUMMONS_DECLINED',
  'SUMMONS_STOOD_DOWN',
] as const;

const KNOWN = new Set<string>(SMS_REFUSAL_CODES);

/** The refusal code in words (`translate` looks an i18n key up); none for an applied reply. */
export function refusalWords(code: string | null, translate: (key: string) => string): string {
  if (!code) return '';
  return KNOWN.has(code) ? translate(`smsReplies.codes.${code}`) : code;
}

/** Newest first, whatever order they came in (department already sends them so; a reload must not reorder). */
export function newestFirst(replies: SmsReply[]): SmsReply[] {
  return [...replies].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}
