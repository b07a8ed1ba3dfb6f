import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, ForbiddenError, InvalidError, uuidv7, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { caseYear, formatCaseNumber } from '../../domain/case-number';
import { centerPath } from '../../domain/center';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { RegisteredFields } from '../../domain/case.events';
import type { DisputeCase, PartyInput, PlaceInput } from '../../domain/dispute-case';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { CaseCommands } from '../case-commands';

/** What the clerk states; the id and the case number are the registration's own. */
export type RegisterCaseCommand = Pick<DisputeCase, Exclude<RegisteredFields, 'id' | 'caseNo'>> & {
  parties: PartyInput[];
  place?: PlaceInput | null;
  /**
   * The clerk registering: only at their own center. Null for an Open311 client, whose API key
   * names the center its requests go to (an ops person issued it for that center).
   */
  registrar: CenterPost | null;
  causation: Causation;
};

/**
 * A window clerk registers a dispute: the center and the clerk's scope checked here, the case
 * decided by the Case decider; the case, its parties (ID numbers and phones encrypted by the
 * repository) and CaseRegistered (masked values only) commit together.
 */
@Injectable()
export class RegisterCase {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly commands: CaseCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: RegisterCaseCommand): Promise<DisputeCase> {
    return this.transactions.run(async () => {
      const centers = new Map((await this.cases.centers()).map((c) => [c.id, c]));
      const center = centers.get(command.centerId);
      if (!center)
        throw new InvalidError('CENTER_UNKNOWN', `no center with id ${command.centerId}`, 'centerId');
      const registrar = command.registrar;
      if (registrar && !inScope(centersInScope([...centers.values()], registrar), center.id))
        throw new ForbiddenError(
          'CENTER_OUT_OF_SCOPE',
          `you register cases at your own center, not ${center.id}`,
          {
            field: 'centerId',
          },
        );
      const now = this.clock.now();
      const sequence = await this.cases.nextCaseSequence(center.id, caseYear(now));
      return this.commands.register(
        {
          type: 'Register',
          id: uuidv7(now.getTime()),
          caseNo: formatCaseNumber(center.code, caseYear(now), sequence),
          centerId: center.id,
          channel: command.channel,
          disputeType: command.disputeType,
          summary: command.summary,
          headcount: command.headcount,
          urgency: command.urgency,
          place: command.place,
          parties: command.parties,
          newPartyId: () => uuidv7(now.getTime()),
          at: now,
        },
        { id: center.id, name: center.name, tier: center.tier, path: centerPath(centers, center.id) },
        command.causation,
      );
    });
  }
}
