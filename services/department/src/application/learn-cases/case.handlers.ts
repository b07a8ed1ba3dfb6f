import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, type EventOf } from '@chuishao/contracts';
import { KnownCaseCenters } from '@chuishao/persistence';

/**
 * Learns each case's center path from intake's CaseRegistered (in the event's inbox transaction,
 * so a redelivery changes nothing): what scopes operators' and supervisors' reads to their centers.
 * Nothing else of the case (its parties least of all) is kept.
 */
@Controller()
export class CaseHandlers {
  constructor(private readonly knownCases: KnownCaseCenters) {}

  @EventPattern(CaseRegistered.type)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.knownCases.learn(event);
  }
}
