import { Inject, Injectable } from '@nestjs/common';
import { WhistleCompleted, type EventEnvelope } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { activeSummons, recordAcknowledged, recordArrived, recordDeclined } from '../../domain/whistle';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';

export type DepartmentResponse =
  | { kind: 'acknowledged'; whistleId: string; summonsId: string; at: Date }
  | { kind: 'arrived'; whistleId: string; summonsId: string; at: Date }
  | { kind: 'declined'; whistleId: string; summonsId: string; at: Date; reason: string };

/**
 * Applies a department's answer to its whistle. The arrival that brings the last expected
 * department on site completes the whistle and emits WhistleCompleted in the same transaction.
 */
@Injectable()
export class RecordDepartmentResponse {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: DispatchRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    return this.transactions.run(async (manager) => {
      const whistle = await this.repository.findWhistle(response.whistleId, { lock: true });
      if (!whistle) {
        this.logger.warn('response for a whistle dispatch does not know; ignored', {
          whistleId: response.whistleId,
        });
        return;
      }
      let completed = false;
      if (response.kind === 'acknowledged') recordAcknowledged(whistle, response.summonsId, response.at);
      if (response.kind === 'declined')
        recordDeclined(whistle, response.summonsId, response.reason, response.at);
      if (response.kind === 'arrived') completed = recordArrived(whistle, response.summonsId, response.at);
      await this.repository.saveWhistle(whistle);
      if (completed) {
        await this.outbox.append(manager, [
          this.events.build(
            WhistleCompleted,
            whistle.caseId,
            causedBy(cause, { role: 'system', id: 'dispatch' }),
            {
              whistleId: whistle.id,
              completedAt: whistle.completedAt!.toISOString(),
              arrivals: activeSummons(whistle).map((s) => ({
                summonsId: s.id,
                departmentId: s.departmentId,
                arrivedAt: s.arrivedAt!.toISOString(),
              })),
            },
          ),
        ]);
      }
    });
  }
}
