import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { WhistleCommands } from '../whistle-commands';

export type DepartmentResponse =
  | { kind: 'acknowledged'; whistleId: string; summonsId: string; at: Date }
  | { kind: 'arrived'; whistleId: string; summonsId: string; at: Date }
  | { kind: 'declined'; whistleId: string; summonsId: string; at: Date; reason: string };

/**
 * Applies a department's answer to its whistle. After an arrival is recorded the whistle is asked
 * to complete (the Whistle decider's Complete): the arrival that brings the last expected
 * department on site completes it and emits WhistleCompleted, in the same transaction. A batch of
 * acknowledgements only is first tried as one statement (WhistleCommands.collectAcknowledgement).
 */
@Injectable()
export class RecordDepartmentResponse {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly whistles: WhistleCommands,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    const command = {
      type: 'RecordAnswer' as const,
      summonsId: response.summonsId,
      answer: response.kind,
      at: response.at,
      reason: response.kind === 'declined' ? response.reason : null,
    };
    // A consumed batch of acknowledgements is tried as one statement with its inbox rows.
    if (this.transactions.triesOneStatement)
      return this.whistles.collectAcknowledgement(response.whistleId, command);
    const causation = causedBy(cause, { role: 'system', id: 'dispatch' });
    return this.transactions.run(async () => {
      // The usual answer is one statement: the whistle locked, the summons moved (or not).
      const { after, events } = await this.whistles.handle(response.whistleId, command, causation);
      if (!after) {
        this.logger.warn('response for a whistle dispatch does not know; ignored', {
          whistleId: response.whistleId,
        });
        return;
      }
      if (events.some((e) => e.type === 'ArrivalRecorded'))
        await this.whistles.decideAndSave(after, { type: 'Complete', at: response.at }, causation);
    });
  }
}
