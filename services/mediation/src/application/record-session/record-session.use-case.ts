import { Injectable } from '@nestjs/common';
import type { MediationApproachLevel } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { MediationSession } from '../../domain/mediation';
import type { ActingPost } from '../in-charge/in-charge';
import { InChargeCommands } from '../in-charge/in-charge-commands';

export interface RecordSessionCommand {
  mediationId: string;
  startedAt: Date;
  endedAt: Date;
  participants: string[];
  approachLevel: MediationApproachLevel;
  notes: string | null;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  /** Its actor is the session's mediator. */
  causation: Causation;
}

@Injectable()
export class RecordSession {
  constructor(private readonly commands: InChargeCommands) {}

  async execute(command: RecordSessionCommand): Promise<MediationSession> {
    const handled = await this.commands.handle(
      command.mediationId,
      command.post,
      command.causation,
      (_m, now) => ({
        type: 'RecordSession',
        sessionId: uuidv7(now.getTime()),
        mediatorId: command.causation.actor.id,
        startedAt: command.startedAt,
        endedAt: command.endedAt,
        participants: command.participants,
        approachLevel: command.approachLevel,
        notes: command.notes,
        // A supervisor stepping in records the session without taking the mediation over.
        takesCharge: command.post.role === 'mediator',
        at: now,
      }),
    );
    const recorded = handled.events.find((e) => e.type === 'SessionRecorded');
    if (!recorded) throw new Error('a session command that recorded no session');
    return recorded.session;
  }
}
