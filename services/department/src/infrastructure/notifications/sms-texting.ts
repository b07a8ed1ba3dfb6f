import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import { composeText } from '../../domain/sms-bundle';
import { nextReplyCode } from '../../domain/sms-reply';
import { nextSendAllowedAt, rememberSend } from '../../domain/sms-throttle';
import { SMS_GATEWAY, type SmsGateway, type SmsSent } from './channels';
import type { Claim } from '../persistence/delivery-claims';
import type { WithWrite } from '../persistence/delivery.store';
import {
  SmsPhoneStore,
  type DueText,
  type ReplyCodeAssignment,
  type SmsPhone,
} from '../persistence/sms-phone.store';

/** A text claimed for a phone, its lease held (DeliveryClaims). */
export type ClaimedText = Extract<Claim, { kind: 'text' }>;

/**
 * What a claimed phone is due: held back by the throttle until `heldUntil`, or one text for
 * `parts` with the codes it hands out.
 */
export type PreparedText =
  | { heldUntil: Date }
  | {
      phone: string;
      leaseUntil: Date;
      parts: DueText[];
      text: ReturnType<typeof composeText>;
      codes: ReplyCodeAssignment[];
      phoneAfter: SmsPhone;
    };

export type TextToSend = Exclude<PreparedText, { heldUntil: Date }>;

/**
 * The SMS side of a delivery attempt (issue 20 item 5) on a phone the claim leased with what is
 * due to it: `prepare` holds it all back while the throttle says wait, else composes ONE text for
 * it (up to NOTIFY_SMS_BUNDLE_MAX), each summons with its reply code; `send` hands it to the
 * gateway. What the text leaves on the phone (`settledWrites`: the lease ended, and when the
 * gateway took it the sends and codes) is written by the statement that settles the attempts; a
 * failed text leaves every part to its retry.
 */
@Injectable()
export class SmsTexting {
  constructor(
    private readonly phones: SmsPhoneStore,
    @Inject(SMS_GATEWAY) private readonly gateway: SmsGateway,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  /** The throttle's word on the phone; a text held back is written so (and the lease ended) here. */
  async prepare(claimed: ClaimedText, now: Date): Promise<PreparedText> {
    const { phone, state, parts, leaseUntil } = claimed;
    const allowedAt = nextSendAllowedAt(state.recentSends, now, this.settings.smsLimits);
    if (allowedAt > now) {
      await this.phones.holdBack(phone, allowedAt, leaseUntil);
      return { heldUntil: allowedAt };
    }
    const { codes, lastReplyCode } = assignReplyCodes(parts, state.lastReplyCode);
    const text = composeText(
      parts.map((p) => ({ message: p.message, replyCode: p.reply_code ?? codeOf(codes, p.id) })),
    );
    const recentSends = rememberSend(state.recentSends, now, this.settings.smsLimits);
    return { phone, leaseUntil, parts, text, codes, phoneAfter: { recentSends, lastReplyCode } };
  }

  send(prepared: TextToSend): Promise<SmsSent> {
    const { phone, parts, text } = prepared;
    return this.gateway.send({ deliveryId: bundleId(parts), to: phone, ...text });
  }

  /** What the text leaves on the phone, written with the text's attempts: `sent`, whether the gateway took it. */
  settledWrites(prepared: TextToSend, sent: boolean, now: Date): WithWrite[] {
    const { phone, leaseUntil, phoneAfter, codes } = prepared;
    return this.phones.settledWrites(phone, leaseUntil, sent ? { state: phoneAfter, codes, at: now } : null);
  }
}

/** A code for each summons text that has none yet, counting on from the phone's last. */
function assignReplyCodes(parts: readonly DueText[], lastCode: number) {
  const codes: ReplyCodeAssignment[] = [];
  let last = lastCode;
  for (const part of parts) {
    if (part.trigger_kind !== 'summons' || part.reply_code !== null) continue;
    last = nextReplyCode(last);
    codes.push({
      code: last,
      summonsId: part.summons_id,
      notificationId: part.id,
      recipient: part.recipient,
    });
  }
  return { codes, lastReplyCode: last };
}

function codeOf(codes: readonly ReplyCodeAssignment[], notificationId: string): number | null {
  return codes.find((c) => c.notificationId === notificationId)?.code ?? null;
}

/**
 * The id the gateway deduplicates on: a lone notification's own id (as before bundling); for a
 * bundle, one derived from its parts, so the same bundle sent again after a crash is the same
 * message to the gateway, and a bundle with a part more is a new one (nothing is dropped as a
 * duplicate).
 */
function bundleId(parts: readonly DueText[]): string {
  if (parts.length === 1) return parts[0]!.id;
  const hex = createHash('sha256')
    .update(
      parts
        .map((p) => p.id)
        .sort()
        .join(','),
    )
    .digest('hex');
  const variant = (8 + (parseInt(hex[16]!, 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
