import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, type EventOf } from '@chuishao/contracts';
import { KnownCaseCenters } from '@chuishao/persistence';

/**
 * Learns where each case sits from intake's CaseRegistered (libs/persistence's KnownCaseCenters),
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
}
