import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DepartmentReassigned,
  SummonsAdded,
  SummonsStoodDown,
  WhistleBlown,
  type EventOf,
} from '@chuishao/contracts';
import { StandDownSummons } from '../stand-down-summons/stand-down-summons.use-case';
import { ReceiveSummons } from './receive-summons.use-case';

/** Thin handlers: the transport has validated the event; each builds a command and calls the use case. */
@Controller()
export class WhistleHandlers {
  constructor(
    private readonly receiveSummons: ReceiveSummons,
    private readonly standDownSummons: StandDownSummons,
  ) {}

  @EventPattern(WhistleBlown.type)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    const { payload } = event;
    return this.receiveSummons.execute({
      caseId: event.caseId,
      whistleId: payload.whistleId,
      caseNo: payload.caseNo,
      centerId: payload.centerId,
      notifiedAt: new Date(payload.blownAt),
      occurredAt: new Date(event.occurredAt),
      summons: payload.summons.map((s) => ({
        summonsId: s.summonsId,
        departmentId: s.departmentId,
        arrivalDeadline: new Date(payload.arrivalDeadline),
      })),
    });
  }

  /** The declined summons stays declined; the new department gets a summons of its own. */
  @EventPattern(DepartmentReassigned.type)
  onDepartmentReassigned(@Payload() event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    const { payload } = event;
    return this.receiveSummons.execute({
      caseId: event.caseId,
      whistleId: payload.whistleId,
      caseNo: payload.caseNo,
      centerId: null,
      notifiedAt: new Date(payload.reassignedAt),
      occurredAt: new Date(event.occurredAt),
      summons: [
        {
          summonsId: payload.to.summonsId,
          departmentId: payload.to.departmentId,
          arrivalDeadline: new Date(payload.arrivalDeadline),
        },
      ],
    });
  }

  /** More hands: the added department gets a summons of its own, notified like any other. */
  @EventPattern(SummonsAdded.type)
  onSummonsAdded(@Payload() event: EventOf<typeof SummonsAdded>): Promise<void> {
    const { payload } = event;
    return this.receiveSummons.execute({
      caseId: event.caseId,
      whistleId: payload.whistleId,
      caseNo: payload.caseNo,
      centerId: payload.centerId,
      notifiedAt: new Date(payload.addedAt),
      occurredAt: new Date(event.occurredAt),
      summons: [
        {
          summonsId: payload.summons.summonsId,
          departmentId: payload.summons.departmentId,
          arrivalDeadline: new Date(payload.arrivalDeadline),
        },
      ],
    });
  }

  @EventPattern(SummonsStoodDown.type)
  onSummonsStoodDown(@Payload() event: EventOf<typeof SummonsStoodDown>): Promise<void> {
    const { payload } = event;
    return this.standDownSummons.execute({
      summonsId: payload.summonsId,
      caseNo: payload.caseNo,
      reason: payload.reason,
      stoodDownAt: new Date(payload.stoodDownAt),
      occurredAt: new Date(event.occurredAt),
    });
  }
}
