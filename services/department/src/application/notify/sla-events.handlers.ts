import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ArrivalWarningIssued, EscalationRaised, type EventOf } from '@chuishao/contracts';
import { NotifySlaEvent } from './notify-sla-event.use-case';

/** Thin handlers: sla-timer's warnings and escalations become notifications of the people who must act. */
@Controller()
export class SlaEventHandlers {
  constructor(private readonly notify: NotifySlaEvent) {}

  @EventPattern(ArrivalWarningIssued.type)
  onArrivalWarningIssued(@Payload() event: EventOf<typeof ArrivalWarningIssued>): Promise<void> {
    const { payload } = event;
    return this.notify.execute({
      kind: 'warning',
      key: `warning:${payload.summonsId}`,
      summonsId: payload.summonsId,
      caseId: event.caseId,
      departmentId: payload.departmentId,
      arrivalDeadline: new Date(payload.arrivalDeadline),
      occurredAt: new Date(payload.issuedAt),
    });
  }

  @EventPattern(EscalationRaised.type)
  onEscalationRaised(@Payload() event: EventOf<typeof EscalationRaised>): Promise<void> {
    const { payload } = event;
    return this.notify.execute({
      kind: 'escalation',
      key: `escalation:${payload.escalationId}`,
      summonsId: payload.summonsId,
      caseId: event.caseId,
      departmentId: payload.departmentId,
      // The escalation does not repeat the deadline; the summons (when known) has it.
      arrivalDeadline: new Date(payload.raisedAt),
      occurredAt: new Date(payload.raisedAt),
      level: payload.level,
      targetCenterId: payload.target.kind === 'center' ? payload.target.id : undefined,
      targetLiaisons: payload.target.kind === 'on_duty_liaison' ? true : undefined,
    });
  }
}
