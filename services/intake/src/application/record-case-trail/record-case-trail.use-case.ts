import { Inject, Injectable } from '@nestjs/common';
import { findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { trailEntryOf } from '../../domain/case-trail';
import { CaseTrailRepository } from '../../infrastructure/persistence/case-trail.repository';

/**
 * Adds an event of any service to its case's audit trail. Runs in the inbox transaction of the
 * delivery (the row is written as that transaction ends), so a redelivered event adds nothing;
 * the unique event id guards the table as well.
 */
@Injectable()
export class RecordCaseTrail {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly trail: CaseTrailRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(event: EventEnvelope): Promise<void> {
    return this.transactions.run(async () => {
      const topic = findEventDefinition(event.type, event.version)?.topic ?? 'unknown';
      // Written with the other entries of the transaction, one INSERT just before its commit.
      await this.trail.recordAtCommit(trailEntryOf(event, topic), () =>
        this.logger.debug('event already in the case trail', { eventId: event.id, type: event.type }),
      );
    });
  }
}
