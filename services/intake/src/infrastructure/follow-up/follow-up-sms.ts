import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';

/** Sends the follow-up link to a party's phone (the port; a real gateway adapter plugs in here). */
export interface FollowUpSms {
  send(message: { caseId: string; to: string; text: string }): Promise<void>;
}

export const FOLLOW_UP_SMS = Symbol('FOLLOW_UP_SMS');

/**
 * Stands in for the SMS gateway: logs that a link went out (the case, never the phone) and keeps
 * the messages in memory, where a test finds the link it would have received.
 */
@Injectable()
export class SimulatorFollowUpSms implements FollowUpSms {
  readonly sent: Array<{ caseId: string; text: string }> = [];

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  send(message: { caseId: string; to: string; text: string }): Promise<void> {
    this.sent.push({ caseId: message.caseId, text: message.text });
    this.logger.info('follow-up link sent by SMS (simulator)', { caseId: message.caseId });
    return Promise.resolve();
  }
}
