import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, GoneError, NotFoundError, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import type { FollowUpAnswerInput } from '../../domain/follow-up';
import { linkTokenHash, linkVerdict, wellFormedToken, type FollowUpLink } from '../../domain/follow-up-link';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { FollowUpLinkRepository } from '../../infrastructure/follow-up/follow-up-link.repository';
import { RecordFollowUp } from './record-follow-up.use-case';

/** The party, as the events name whoever answers through a link (no account, no name). */
const PARTY_ACTOR = { role: 'system', id: 'follow-up-link' } as const;

/**
 * The party's side of the one-time link (回访 by SMS), no account: read what it is about, answer
 * once. Unknown (or malformed) tokens are 404; a used or expired one is 410. The answer is the
 * Case decider's like a clerk's (channel `sms_link`), and uses the link up in its transaction.
 */
@Injectable()
export class AnswerFollowUpLink {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly links: FollowUpLinkRepository,
    private readonly cases: CaseRepository,
    private readonly recordFollowUp: RecordFollowUp,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The case number and the link's expiry, for the page to show. */
  async read(token: string): Promise<{ caseNo: string; closedAt: string; expiresAt: string }> {
    const link = this.open(token, await this.findLink(token, false));
    const dispute = await this.cases.find(link.caseId);
    if (!dispute) throw unknownLink();
    return {
      caseNo: dispute.caseNo,
      closedAt: link.closedAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  answer(token: string, input: Omit<FollowUpAnswerInput, 'channel'>, correlationId: string) {
    return this.transactions.run(async () => {
      const link = this.open(token, await this.findLink(token, true));
      const causation: Causation = { actor: PARTY_ACTOR, correlationId };
      const after = await this.recordFollowUp.execute({
        caseId: link.caseId,
        channel: 'sms_link',
        ...input,
        recorder: null,
        causation,
      });
      await this.links.markUsed(linkTokenHash(token), this.clock.now());
      return { recorded: true, reopened: after.status === 'reopened' };
    });
  }

  private async findLink(token: string, lock: boolean): Promise<FollowUpLink | null> {
    return wellFormedToken(token) ? this.links.find(linkTokenHash(token), lock) : null;
  }

  private open(token: string, link: FollowUpLink | null): FollowUpLink {
    if (!link) throw unknownLink();
    const verdict = linkVerdict(link, this.clock.now());
    if (verdict === 'used') throw new GoneError('FOLLOW_UP_LINK_USED', 'this link has been answered already');
    if (verdict === 'expired')
      throw new GoneError('FOLLOW_UP_LINK_EXPIRED', 'this link has expired; the center will call');
    return link;
  }
}

function unknownLink(): NotFoundError {
  return new NotFoundError('FOLLOW_UP_LINK_NOT_FOUND', 'no such follow-up link');
}
