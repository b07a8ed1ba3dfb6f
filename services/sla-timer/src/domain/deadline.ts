/**
 * A deadline another service asked for (DeadlineScheduled): what sla-timer keeps with the timer
 * so that, when it fires, DeadlineReached can be addressed back to its owner without asking anyone.
 */
export interface DeadlineTimerPayload {
  owner: string;
  kind: string;
  subjectId: string;
  context: Record<string, unknown>;
  caseId: string;
  correlationId: string;
  /** The DeadlineScheduled event id: DeadlineReached's causation. */
  scheduledBy: string;
}

interface ScheduledEvent {
  id: string;
  caseId: string;
  correlationId: string;
  payload: { owner: string; kind: string; subjectId: string; context?: Record<string, unknown> };
}

export function toDeadlineTimerPayload(event: ScheduledEvent): DeadlineTimerPayload {
  return {
    owner: event.payload.owner,
    kind: event.payload.kind,
    subjectId: event.payload.subjectId,
    context: event.payload.context ?? {},
    caseId: event.caseId,
    correlationId: event.correlationId,
    scheduledBy: event.id,
  };
}

/** Only the service that scheduled a deadline may withdraw it. */
export function ownerMayCancel(deadline: Pick<DeadlineTimerPayload, 'owner'>, requestedBy: string): boolean {
  return deadline.owner === requestedBy;
}
