import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, type EventOf } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';

/**
 * Learns each case's center path from intake's CaseRegistered, in the event's inbox transaction
 * (a redelivery changes nothing): what keeps reads within the reader's centers.
 */
@Controller()
export class CaseHandlers {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly knownCases: KnownCasesRepository,
  ) {}

  @EventPattern(CaseRegistered.type)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    const { center } = event.payload;
    return this.transactions.run(() => this.knownCases.upsert(event.caseId, center.id, center.path));
  }
}
