import { Inject, Injectable } from '@nestjs/common';
import { SLA_TIMER, type SlaTimerAnswer, type SlaTimerPort } from './sla-timer.port';

export interface AcknowledgeEscalationCommand {
  escalationId: string;
  note: string | null;
  authorization: string;
  /** The caller's Idempotency-Key; without one, the escalation's own (acknowledging is idempotent). */
  idempotencyKey: string | null;
  requestId?: string;
}

/**
 * A supervisor acknowledges an escalation from the console. The console owns no escalation: it
 * forwards the request to sla-timer, and the board clears when EscalationAcknowledged comes back.
 */
@Injectable()
export class AcknowledgeEscalation {
  constructor(@Inject(SLA_TIMER) private readonly slaTimer: SlaTimerPort) {}

  execute(command: AcknowledgeEscalationCommand): Promise<SlaTimerAnswer> {
    return this.slaTimer.acknowledgeEscalation({
      escalationId: command.escalationId,
      note: command.note,
      authorization: command.authorization,
      idempotencyKey: command.idempotencyKey ?? `ops-console:acknowledge:${command.escalationId}`,
      requestId: command.requestId,
    });
  }
}
