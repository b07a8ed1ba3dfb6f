import type { NotificationMessage } from './notification';
import { replyHint } from './sms-reply';

/** One notification going out in a text, with its reply code when it is a liaison's summons. */
export interface TextPart {
  message: NotificationMessage;
  replyCode: number | null;
}

/** What the gateway is given: one template and its parameters, and the text as the phone shows it. */
export interface OutgoingText {
  template: string;
  params: Record<string, string | number>;
  text: string;
}

const PREFIX = '【吹哨】';

/**
 * One text for everything due to one phone (issue 20 item 5): several summons in a minute reach a
 * liaison as one message, numbered, each with its own reply code, oldest first. A single
 * notification reads as before, with the reply hint of a summons appended.
 */
export function composeText(parts: readonly TextPart[]): OutgoingText {
  if (parts.length === 0) throw new Error('a text needs at least one notification');
  if (parts.length === 1) {
    const { message, replyCode } = parts[0]!;
    return {
      template: message.template,
      params: { ...message.params, ...(replyCode !== null ? { replyCode } : {}) },
      text: replyCode !== null ? `${message.text}${replyHint(replyCode)}` : message.text,
    };
  }
  const lines = parts.map(({ message, replyCode }, index) => {
    const body = message.text.startsWith(PREFIX) ? message.text.slice(PREFIX.length) : message.text;
    return `${index + 1}. ${body}${replyCode !== null ? replyHint(replyCode) : ''}`;
  });
  const items = parts
    .map(({ message, replyCode }) =>
      replyCode !== null ? `${message.params.caseNo}(${replyCode})` : message.params.caseNo,
    )
    .join('、');
  return {
    template: 'bundle',
    params: { count: parts.length, items },
    text: `${PREFIX}您有${parts.length}条通知：\n${lines.join('\n')}`,
  };
}

/** A notification as the delivery worker claims it: a text message's by its phone. */
export interface Claimable {
  id: string;
  channel: string;
  address: string | null;
}

/**
 * How many claims the delivery worker needs for `added` beyond those it needs for what `counted`
 * holds already (notifications per claim key, updated here): a phone's texts carry up to
 * `bundleMax` notifications each, any other notification is a claim of its own. The wake-up of a
 * commit names this count, so that many delivery lanes open and no more.
 */
export function claimsAdded(
  counted: Map<string, number>,
  added: readonly Claimable[],
  bundleMax: number,
): number {
  const claimsOf = (key: string, n: number) => (key.startsWith('sms:') ? Math.ceil(n / bundleMax) : n);
  let claims = 0;
  for (const n of added) {
    const key = n.channel === 'sms' && n.address ? `sms:${n.address}` : `one:${n.id}`;
    const before = counted.get(key) ?? 0;
    counted.set(key, before + 1);
    claims += claimsOf(key, before + 1) - claimsOf(key, before);
  }
  return claims;
}
