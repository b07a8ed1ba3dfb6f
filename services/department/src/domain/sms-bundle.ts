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
