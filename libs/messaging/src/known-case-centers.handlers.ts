import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseReferred, CaseRegistered, type EventOf } from '@chuishao/contracts';
import { KnownCaseCenters } from '@chuishao/persistence';

/**
 * The types these handlers take, whose writes only collect (KnownCaseCenters): a service whose
 * only handlers of them are these tries their batches as one statement (Inbox).
 */
export const KNOWN_CASE_CENTER_EVENT_TYPES: readonly string[] = [CaseRegistered.type, CaseReferred.type];

/**
 * Learns where each case sits from intake's CaseRegistered, and where a referral moves it
 * (CaseReferred) (libs/persistence's KnownCaseCenters),
 * in the event's inbox transaction, so a redelivery changes nothing. A service that keeps no more
 * of a case than that lists this controller and `knownCaseCentersProvider` in its module.
 */
@Controller()
export class KnownCaseCentersHandlers {
  constructor(private readonly knownCases: KnownCaseCenters) {}

  @EventPattern(CaseRegistered.type)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.knownCases.learn(event);
  }

  /** A case referred up or handed down sits at the receiving center from then on. */
  @EventPattern(CaseReferred.type)
  onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.knownCases.moveTo(event);
  }
}
