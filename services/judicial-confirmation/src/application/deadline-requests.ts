import { DeadlineCancelled, DeadlineScheduled, type Actor, type EventEnvelope } from '@chuishao/contracts';
import type { Causation, EventFactory } from '@chuishao/messaging';
import type { Agreement } from '../domain/agreement';
import { DEADLINE_KINDS, DEADLINE_OWNER, deadlineIdOf, type DeadlineKind } from '../domain/deadlines';
import type { JudicialSettings } from './judicial-settings';

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

/**
 * The window's two deadlines: the close, and the reminder before it — unless the window has
 * already closed (an agreement that reaches us late), when a reminder would only be noise.
 */
export function windowDeadlines(
  deadlines: DeadlineRequests,
  agreement: Agreement,
  settings: Pick<JudicialSettings, 'reminderBeforeSeconds'>,
  now: Date,
) {
  const context = {
    agreementId: agreement.agreementId,
    windowClosesAt: agreement.windowClosesAt.toISOString(),
  };
  const reminderAt = new Date(agreement.windowClosesAt.getTime() - settings.reminderBeforeSeconds * 1000);
  const window = deadlines.schedule(
    DEADLINE_KINDS.window,
    agreement.agreementId,
    agreement.windowClosesAt,
    context,
  );
  if (agreement.windowClosesAt.getTime() <= now.getTime()) return [window];
  return [
    deadlines.schedule(DEADLINE_KINDS.windowReminder, agreement.agreementId, reminderAt, context),
    window,
  ];
}
