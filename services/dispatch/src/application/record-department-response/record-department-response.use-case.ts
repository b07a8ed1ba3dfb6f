import { Inject, Injectable } from '@nestjs/common';
import { WhistleCompleted, type EventEnvelope } from '@chuishao/contracts';
import { LOGGER, NotFoundError, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { activeSummons, completeIfAllArrived, recordArrived, type Whistle } from '../../domain/whistle';
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
      // The usual response is this one statement: the whistle locked, the summons moved (or not).
      const outcome = await this.repository.recordResponse(response, {
        readWhistle: response.kind === 'arrived',
      });
      if (outcome.kind === 'whistle-unknown') {
        this.logger.warn('response for a whistle dispatch does not know; ignored', {
          whistleId: response.whistleId,
        });
        return;
      }
      if (outcome.kind === 'summons-unknown')
        throw new NotFoundError(
          'SUMMONS_NOT_FOUND',
          `whistle ${outcome.whistleId} has no summons ${response.summonsId}`,
        );
      // Only a recorded arrival can complete the whistle, as the domain decides on the whistle as
      // it now stands: the one the statement read (current, just before the arrival, which the
      // domain replays), or else read afresh now that the lock is held.
      if (outcome.kind === 'unchanged' || response.kind !== 'arrived') return;
      let whistle: Whistle | null = outcome.before;
      let completed: boolean;
      if (whistle) {
        completed = recordArrived(whistle, response.summonsId, response.at);
      } else {
        whistle = await this.repository.findWhistle(response.whistleId);
        completed = whistle !== null && completeIfAllArrived(whistle, response.at);
      }
      if (!whistle || !completed) return;
      await this.repository.markCompleted(whistle);
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
    });
  }
}
