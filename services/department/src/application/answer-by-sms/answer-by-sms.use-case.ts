import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import {
  parseSmsReply,
  summonsForReply,
  type SmsReplyAction,
  type SmsReplyRefusal,
} from '../../domain/sms-reply';
import { SmsReplyMetrics } from '../../infrastructure/notifications/sms-reply-metrics';
import {
  SmsReplyRepository,
  type RecordedReply,
} from '../../infrastructure/persistence/sms-reply.repository';
import { AcknowledgeSummons } from '../acknowledge-summons/acknowledge-summons.use-case';
import { ReportArrival } from '../report-arrival/report-arrival.use-case';

/** A reply as the SMS gateway's signed inbound webhook brings it. */
export interface InboundSms {
  /** The gateway's id of the message: a repeat of it is answered, never acted on twice. */
  messageId: string;
  from: string;
  text: string;
}

/** What a reply came to, and the directory contact who sent it when it got that far. */
type ReplyOutcome = Pick<RecordedReply, 'outcome' | 'code' | 'action' | 'summonsId'> & {
  contactId: string | null;
};

/** Shown to ops instead of the number: enough to recognise a handset, not to call it. */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/**
 * A liaison answers a summons from the phone (issue 20 item 5): the reply is read, the summons
 * found by its code among those texted to this phone, the sender checked against the directory
 * (a department's liaison, of that summons' department), and the answer given exactly as the
 * liaison's app gives it (SummonsAcknowledged / DepartmentArrived, the contact as actor). All in
 * one transaction with the reply's record, so a repeat of the message id has no second effect.
 * A refusal is an outcome, not an error: the gateway delivered the reply and must not retry it.
 */
@Injectable()
export class AnswerBySms {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly replies: SmsReplyRepository,
    private readonly acknowledge: AcknowledgeSummons,
    private readonly arrive: ReportArrival,
    private readonly metrics: SmsReplyMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('sms-replies');
  }

  execute(sms: InboundSms): Promise<RecordedReply> {
    return this.transactions.run(async () => {
      const earlier = await this.replies.find(sms.messageId);
      if (earlier) return earlier;
      const base = {
        messageId: sms.messageId,
        receivedAt: this.clock.now(),
        sender: maskPhone(sms.from),
        text: sms.text.slice(0, 160),
      };
      const answer = await this.answer(sms);
      const reply = await this.replies.record({ ...base, ...answer });
      // The log names the message and the outcome, never the number (it is personal data).
      const context = {
        messageId: reply.messageId,
        code: reply.code,
        action: reply.action,
        summonsId: reply.summonsId,
      };
      if (reply.outcome === 'applied') this.logger.info('SMS reply applied', context);
      else this.logger.warn('SMS reply refused', context);
      // Counted once the reply's record committed: a repeat of the message id is not counted again.
      this.transactions.afterCommit(() => this.metrics.answered(reply.outcome, reply.code));
      return reply;
    });
  }

  private async answer(sms: InboundSms): Promise<ReplyOutcome> {
    const refused = (
      code: SmsReplyRefusal,
      action: SmsReplyAction | null = null,
      summonsId: string | null = null,
    ) => ({ outcome: 'refused', code, action, summonsId, contactId: null }) as const;
    const liaisons = await this.replies.liaisonsWithPhone(sms.from);
    if (liaisons.length === 0) return refused('SMS_SENDER_UNKNOWN');
    const reply = parseSmsReply(sms.text);
    if (!reply) return refused('SMS_REPLY_UNREADABLE');
    const candidates = await this.replies.candidates(sms.from);
    const chosen = summonsForReply(reply, candidates);
    if ('refused' in chosen) return refused(chosen.refused, reply.action);
    const departmentId = candidates.find((c) => c.summonsId === chosen.summonsId)!.departmentId;
    const liaison = liaisons.find((l) => l.department_id === departmentId);
    if (!liaison) return refused('SMS_SENDER_NOT_ON_ROSTER', reply.action, chosen.summonsId);
    const command = {
      summonsId: chosen.summonsId,
      caller: { role: 'liaison', departmentId },
      causation: {
        actor: { role: 'liaison' as const, id: liaison.contact_id },
        correlationId: `sms:${sms.messageId}`,
      },
    };
    try {
      if (reply.action === 'acknowledge') await this.acknowledge.execute(command);
      else await this.arrive.execute({ ...command, note: '短信回复报到' });
    } catch (error) {
      // The summons' own refusals (past that step, declined, stood down) are the reply's outcome.
      if (error instanceof DomainError)
        return {
          outcome: 'refused',
          code: error.code,
          action: reply.action,
          summonsId: chosen.summonsId,
          contactId: liaison.contact_id,
        };
      throw error;
    }
    return {
      outcome: 'applied',
      code: null,
      action: reply.action,
      summonsId: chosen.summonsId,
      contactId: liaison.contact_id,
    };
  }
}
