import { Inject, Injectable } from '@nestjs/common';
import { EscalationAcknowledged } from '@chuishao/contracts';
import { CLOCK, ConflictError, NotFoundError, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { BreachesRepository, type Escalation } from '../../infrastructure/persistence/breaches.repository';

export interface AcknowledgeEscalationCommand {
  escalationId: string;
  note: string | null;
  causation: Causation;
}

/** A supervisor takes charge of an escalation (督办): once, and only while it stands. */
@Injectable()
export class AcknowledgeEscalation {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: BreachesRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AcknowledgeEscalationCommand): Promise<Escalation> {
    return this.transactions.run(async (manager) => {
      const escalation = await this.repository.findEscalation(command.escalationId, { lock: true });
      if (!escalation)
        throw new NotFoundError('ESCALATION_NOT_FOUND', `no escalation with id ${command.escalationId}`);
      if (escalation.state === 'acknowledged')
        throw new ConflictError(
          'ESCALATION_ALREADY_ACKNOWLEDGED',
          `escalation ${escalation.id} was acknowledged by ${escalation.acknowledgedBy} at ${escalation.acknowledgedAt?.toISOString()}`,
        );
      if (escalation.state === 'withdrawn')
        throw new ConflictError(
          'ESCALATION_WITHDRAWN',
          `escalation ${escalation.id} was withdrawn: the department arrived on time after all, or is no longer expected (declined, replaced or stood down)`,
        );
      const now = this.clock.now();
      const by = command.causation.actor.id;
      await this.repository.acknowledgeEscalation(escalation.id, now, by, command.note);
      await this.outbox.append(manager, [
        this.events.build(EscalationAcknowledged, escalation.caseId, command.causation, {
          escalationId: escalation.id,
          breachId: escalation.breachId,
          level: escalation.level,
          acknowledgedAt: now.toISOString(),
          note: command.note,
        }),
      ]);
      return {
        ...escalation,
        state: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: by,
        note: command.note,
      };
    });
  }
}
