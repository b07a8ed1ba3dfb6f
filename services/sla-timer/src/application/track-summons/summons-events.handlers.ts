import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DepartmentArrived,
  DepartmentReassigned,
  SummonsAcknowledged,
  SummonsAdded,
  SummonsDeclined,
  SummonsStoodDown,
  WhistleBlown,
  type EventOf,
} from '@chuishao/contracts';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { RecordAnswer } from '../record-answer/record-answer.use-case';
import { TrackSummons } from './track-summons.use-case';

/** Each handler runs inside the inbox transaction of its event: a redelivery has no second effect. */
@Controller()
export class SummonsEventHandlers {
  constructor(
    private readonly track: TrackSummons,
    private readonly answers: RecordAnswer,
  ) {}

  @EventPattern(WhistleBlown.type)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.track.whistleBlown(event);
  }

  @EventPattern(DepartmentReassigned.type)
  onReassigned(@Payload() event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    return this.track.reassigned(event);
  }

  @EventPattern(SummonsAdded.type)
  onAdded(@Payload() event: EventOf<typeof SummonsAdded>): Promise<void> {
    return this.track.added(event);
  }

  @EventPattern(SummonsStoodDown.type)
  onStoodDown(@Payload() event: EventOf<typeof SummonsStoodDown>): Promise<void> {
    return this.track.stoodDown(event);
  }

  // A batch of answers only is tried as one statement (RecordAnswer).
  @EventPattern(SummonsAcknowledged.type, COLLECTS_ITS_WRITES)
  onSummonsAcknowledged(@Payload() event: EventOf<typeof SummonsAcknowledged>): Promise<void> {
    const { summonsId, acknowledgedAt } = event.payload;
    return this.answers.execute({ kind: 'acknowledged', summonsId, at: new Date(acknowledgedAt) }, event);
  }

  // A batch of answers only is tried as one statement (RecordAnswer).
  @EventPattern(DepartmentArrived.type, COLLECTS_ITS_WRITES)
  onDepartmentArrived(@Payload() event: EventOf<typeof DepartmentArrived>): Promise<void> {
    const { summonsId, arrivedAt } = event.payload;
    return this.answers.execute({ kind: 'arrived', summonsId, at: new Date(arrivedAt) }, event);
  }

  // A batch of answers only is tried as one statement (RecordAnswer).
  @EventPattern(SummonsDeclined.type, COLLECTS_ITS_WRITES)
  onSummonsDeclined(@Payload() event: EventOf<typeof SummonsDeclined>): Promise<void> {
    const { summonsId, declinedAt } = event.payload;
    return this.answers.execute({ kind: 'declined', summonsId, at: new Date(declinedAt) }, event);
  }
}
