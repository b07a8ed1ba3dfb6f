import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { CaseReferred, CaseRegistered, type EventOf } from '@chuishao/contracts';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';

/**
 * What mediation keeps of a case: who must sign an agreement (the parties, by name only) and the
 * center with its path (whose default mediator takes a whistled case; whose supervisors may step in).
 */
@Controller()
export class CaseEventHandlers {
  constructor(private readonly knownCases: KnownCasesRepository) {}

  @EventPattern(CaseRegistered.type, COLLECTS_ITS_WRITES)
  async onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    await this.knownCases.upsert({
      caseId: event.caseId,
      caseNo: event.payload.caseNo,
      centerId: event.payload.center.id,
      centerPath: event.payload.center.path,
      parties: [...new Set(event.payload.parties.map((p) => p.name))],
    });
  }

  /** A case referred up or handed down is the receiving center's from then on. */
  @EventPattern(CaseReferred.type)
  async onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    await this.knownCases.moveTo(event.caseId, event.payload.to.id, event.payload.to.path);
  }
}
