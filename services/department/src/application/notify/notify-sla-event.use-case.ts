import { Injectable } from '@nestjs/common';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';
import { PlanNotifications } from './plan-notifications';

export interface SlaEventCommand {
  kind: 'warning' | 'escalation';
  /** The fact's own id: the summons for a warning (one per summons), the escalation for an escalation. */
  key: string;
  summonsId: string;
  caseId: string;
  departmentId: string;
  arrivalDeadline: Date;
  occurredAt: Date;
  level?: number;
  targetCenterId?: string;
  targetLiaisons?: boolean;
}

/**
 * A pre-deadline warning or an escalation from sla-timer: the summons it is about gives the case
 * number and the place; then the same planning as a summons. Runs in the event's inbox
 * transaction, so a redelivered event plans nothing twice.
 */
@Injectable()
export class NotifySlaEvent {
  constructor(
    private readonly summons: SummonsRepository,
    private readonly planner: PlanNotifications,
  ) {}

  async execute(command: SlaEventCommand): Promise<void> {
    const summons = await this.summons.find(command.summonsId);
    await this.planner.plan({
      ...command,
      arrivalDeadline: summons?.arrivalDeadline ?? command.arrivalDeadline,
      caseNo: summons?.caseNo ?? command.caseId,
      centerId: summons?.centerId ?? null,
    });
  }
}
