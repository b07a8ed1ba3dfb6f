import { DeadlineCancelled, DeadlineScheduled, type Actor, type EventEnvelope } from '@chuishao/contracts';
import type { Causation, EventFactory } from '@chuishao/messaging';
import { DEADLINE_OWNER, deadlineIdOf, type DeadlineKind } from '../domain/deadlines';

export const JUDICIAL_ACTOR: Actor = { role: 'system', id: 'judicial-confirmation' };

/** The events that ask sla-timer (its generic timer API on `sla`) to arm or disarm our deadlines. */
export class DeadlineRequests {
  constructor(
    private readonly events: EventFactory,
    private readonly caseId: string,
    private readonly causation: Causation,
  ) {}

  schedule(
    kind: DeadlineKind,
    subjectId: string,
    dueAt: Date,
    context: Record<string, unknown>,
  ): EventEnvelope {
    return this.events.build(DeadlineScheduled, this.caseId, this.causation, {
      deadlineId: deadlineIdOf(subjectId, kind),
      owner: DEADLINE_OWNER,
      kind,
      subjectId,
      dueAt: dueAt.toISOString(),
      context,
    });
  }

  cancel(kind: DeadlineKind, subjectId: string): EventEnvelope {
    return this.events.build(DeadlineCancelled, this.caseId, this.causation, {
      deadlineId: deadlineIdOf(subjectId, kind),
      owner: DEADLINE_OWNER,
    });
  }
}
