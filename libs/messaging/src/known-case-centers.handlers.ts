import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseReferred, CaseRegistered, type EventOf } from '@chuishao/contracts';
import { KnownCaseCenters } from '@chuishao/persistence';
import { COLLECTS_ITS_WRITES } from './transport/collected-writes';

/**
 * Learns where each case sits from intake's CaseRegistered, and where a referral moves it
 * (CaseReferred) (libs/persistence's KnownCaseCenters),
 * with the event's inbox row, so a redelivery changes nothing. Its writes only collect: a batch
 * of these events is one statement with its inbox rows. A service that keeps no more of a case
 * than that lists this controller and `knownCaseCentersProvider` in its module.
 */
@Controller()
export class KnownCaseCentersHandlers {
  constructor(private readonly knownCases: KnownCaseCenters) {}

  @EventPattern(CaseRegistered.type, COLLECTS_ITS_WRITES)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.knownCases.learn(event);
  }

  /** A case referred up or handed down sits at the receiving center from then on. */
  @EventPattern(CaseReferred.type, COLLECTS_ITS_WRITES)
  onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.knownCases.moveTo(event);
  }
}
