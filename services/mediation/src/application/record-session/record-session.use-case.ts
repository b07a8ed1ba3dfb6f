import { Inject, Injectable } from '@nestjs/common';
import { MediationSessionRecorded, type MediationApproachLevel } from '@chuishao/contracts';
import { CLOCK, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { recordSession, type MediationSession } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';

export interface RecordSessionCommand {
  mediationId: string;
  startedAt: Date;
  endedAt: Date;
  participants: string[];
  approachLevel: MediationApproachLevel;
  notes: string | null;
  /** The mediator recording it: the session's mediator. */
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

@Injectable()
export class RecordSession {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: MediationRepository,
    private readonly inCharge: MediationInCharge,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordSessionCommand): Promise<MediationSession> {
    return this.transactions.run(async (manager) => {
      const mediation = await this.repository.findMediation(command.mediationId, { lock: true });
      if (!mediation)
        throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${command.mediationId}`);
      await this.inCharge.assert(mediation, command.post);
      const now = this.clock.now();
      const recorded = recordSession(
        mediation,
        {
          id: uuidv7(now.getTime()),
          mediatorId: command.causation.actor.id,
          startedAt: command.startedAt,
          endedAt: command.endedAt,
          participants: command.participants,
          approachLevel: command.approachLevel,
          notes: command.notes,
          // A supervisor stepping in records the session without taking the mediation over.
          takesCharge: command.post.role === 'mediator',
        },
        now,
      );
      await this.repository.saveMediation(recorded.mediation);
      await this.repository.insertSession(recorded.session);
      const { session } = recorded;
      await this.outbox.append(manager, [
        this.events.build(MediationSessionRecorded, mediation.caseId, command.causation, {
          mediationId: mediation.id,
          sessionId: session.id,
          mediatorId: session.mediatorId,
          startedAt: session.startedAt.toISOString(),
          endedAt: session.endedAt.toISOString(),
          participants: session.participants,
          approachLevel: session.approachLevel,
          tierLevel: session.tierLevel,
        }),
      ]);
      return session;
    });
  }
}
