import { Inject, Injectable } from '@nestjs/common';
import { CaseRegistered, type CaseChannel, type DisputeType, type Urgency } from '@chuishao/contracts';
import { CLOCK, ForbiddenError, InvalidError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { caseYear, formatCaseNumber } from '../../domain/case-number';
import { centerPath } from '../../domain/center';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import { buildParties, requiredText, type DisputeCase, type PartyInput } from '../../domain/dispute-case';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

export interface RegisterCaseCommand {
  centerId: string;
  channel: CaseChannel;
  disputeType: DisputeType;
  summary: string;
  headcount: number;
  urgency: Urgency;
  parties: PartyInput[];
  /** The clerk registering: only at their own center. */
  registrar: CenterPost;
  causation: Causation;
}

/**
 * A window clerk registers a dispute: the case, its parties (ID numbers and phones encrypted by
 * the repository) and CaseRegistered (masked values only) commit together.
 */
@Injectable()
export class RegisterCase {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: RegisterCaseCommand): Promise<DisputeCase> {
    return this.transactions.run(async (manager) => {
      const centers = new Map((await this.cases.centers()).map((c) => [c.id, c]));
      const center = centers.get(command.centerId);
      if (!center)
        throw new InvalidError('CENTER_UNKNOWN', `no center with id ${command.centerId}`, 'centerId');
      if (!inScope(centersInScope([...centers.values()], command.registrar), center.id))
        throw new ForbiddenError(
          'CENTER_OUT_OF_SCOPE',
          `you register cases at your own center, not ${center.id}`,
          {
            field: 'centerId',
          },
        );

      const summary = requiredText(command.summary, 'SUMMARY_REQUIRED', 'summary');
      const now = this.clock.now();
      const parties = buildParties(command.parties, () => uuidv7(now.getTime()));
      const sequence = await this.cases.nextCaseSequence(center.id, caseYear(now));
      const dispute: DisputeCase = {
        id: uuidv7(now.getTime()),
        caseNo: formatCaseNumber(center.code, caseYear(now), sequence),
        centerId: center.id,
        channel: command.channel,
        disputeType: command.disputeType,
        summary,
        headcount: command.headcount,
        urgency: command.urgency,
        status: 'registered',
        parties,
        registeredAt: now,
        closedAt: null,
        closeReason: null,
      };
      await this.cases.insert(dispute);
      await this.outbox.append(manager, [
        this.events.build(CaseRegistered, dispute.id, command.causation, {
          caseNo: dispute.caseNo,
          center: {
            id: center.id,
            name: center.name,
            tier: center.tier,
            path: centerPath(centers, center.id),
          },
          channel: dispute.channel,
          disputeType: dispute.disputeType,
          summary: dispute.summary,
          headcount: dispute.headcount,
          urgency: dispute.urgency,
          parties: parties.map((p) => ({
            partyId: p.id,
            role: p.role,
            name: p.name,
            idNumberMasked: p.idNumberMasked,
            phoneMasked: p.phoneMasked,
          })),
          registeredAt: now.toISOString(),
        }),
      ]);
      return dispute;
    });
  }
}
