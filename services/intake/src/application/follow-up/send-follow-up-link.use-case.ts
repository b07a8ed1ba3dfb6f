import { Inject, Injectable } from '@nestjs/common';
import type { EventOf, FollowUpScheduled } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { followUpSmsText, newLinkToken } from '../../domain/follow-up-link';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { FollowUpLinkRepository } from '../../infrastructure/follow-up/follow-up-link.repository';
import { FOLLOW_UP_SMS, type FollowUpSms } from '../../infrastructure/follow-up/follow-up-sms';

/** Where the party opens the link: the workstation's public follow-up page, the token appended. */
export const FOLLOW_UP_LINK_URL = Symbol('FOLLOW_UP_LINK_URL');

/**
 * A closing's follow-up is due (FollowUpScheduled): a one-time link, valid until the due time, goes
 * to the applicant's phone by SMS (回访). Once per closing (a redelivery finds the link made);
 * no phone on the case, no link — a clerk calls instead.
 */
@Injectable()
export class SendFollowUpLink {
  constructor(
    private readonly cases: CaseRepository,
    private readonly links: FollowUpLinkRepository,
    @Inject(FOLLOW_UP_SMS) private readonly sms: FollowUpSms,
    @Inject(FOLLOW_UP_LINK_URL) private readonly linkUrl: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof FollowUpScheduled>): Promise<void> {
    const dispute = await this.cases.find(event.caseId, { reveal: true });
    const phone = dispute?.parties.find((p) => p.role === 'applicant' && p.personal?.phone)?.personal?.phone;
    if (!dispute || !phone) {
      this.logger.info('no phone to send the follow-up link to; a clerk calls', { caseId: event.caseId });
      return;
    }
    const { token, hash } = newLinkToken();
    const made = await this.links.insert(hash, {
      caseId: event.caseId,
      closedAt: new Date(event.payload.closedAt),
      expiresAt: new Date(event.payload.dueAt),
    });
    if (!made) return;
    const url = `${this.linkUrl.replace(/\/$/, '')}/${token}`;
    await this.sms.send({ caseId: event.caseId, to: phone, text: followUpSmsText(dispute.caseNo, url) });
  }
}
