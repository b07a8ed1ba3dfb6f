import { Inject, Injectable } from '@nestjs/common';
import { CasesLinked } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import type { CenterPost } from '../../domain/center-scope';
import { checkNewLink } from '../../domain/repeat-petition';
import { CaseLinkRepository, type CaseLink } from '../../infrastructure/persistence/case-link.repository';
import { RepeatPetitions } from './repeat-petitions.query';

export interface LinkCasesCommand {
  /** The repeat: the case the clerk is working on. */
  caseId: string;
  /** The earlier case it repeats. */
  linkedCaseId: string;
  reason?: string | null;
  /** Both cases must lie in the linker's centers (others answer as unknown). */
  linker: CenterPost;
  causation: Causation;
}

/** What a link answers: the two cases by id and number, and the link. */
export interface MadeLink extends CaseLink {
  caseNo: string;
  linkedCaseNo: string;
}

/**
 * A clerk links a case to an earlier one as a repeat petition (重复来访): both in scope (404
 * CASE_NOT_FOUND otherwise, naming `linkedCaseId` for the second), not to itself and not twice
 * (409, the domain's checkNewLink); the link and CasesLinked (which audits it) commit together.
 */
@Injectable()
export class LinkCases {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repeats: RepeatPetitions,
    private readonly links: CaseLinkRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: LinkCasesCommand): Promise<MadeLink> {
    return this.transactions.run(async (manager) => {
      const scope = await this.repeats.scopeOf(command.linker);
      const subject = await this.repeats.subjectIn(scope, command.caseId);
      const wanted = { caseId: subject.id, linkedCaseId: command.linkedCaseId };
      checkNewLink(wanted, []);
      const earlier = await this.repeats.subjectIn(scope, command.linkedCaseId, 'linkedCaseId');
      checkNewLink(wanted, await this.links.linksOf([subject.id]));
      const link: CaseLink = {
        ...wanted,
        matchedBy: await this.repeats.matchesBetween(subject, earlier.id, scope),
        reason: command.reason?.trim() || null,
        linkedAt: this.clock.now(),
        linkedBy: { role: command.causation.actor.role, id: command.causation.actor.id },
      };
      await this.links.insert(link);
      await this.outbox.append(manager, [
        this.events.build(CasesLinked, subject.id, command.causation, {
          caseNo: subject.caseNo,
          centerId: subject.centerId,
          linkedCaseId: earlier.id,
          linkedCaseNo: earlier.caseNo,
          linkedCenterId: earlier.centerId,
          matchedBy: link.matchedBy,
          reason: link.reason,
          linkedAt: link.linkedAt.toISOString(),
        }),
      ]);
      return { ...link, caseNo: subject.caseNo, linkedCaseNo: earlier.caseNo };
    });
  }
}
