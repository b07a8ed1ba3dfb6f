import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { DepartmentArrived, SummonsAcknowledged, SummonsDeclined, type EventOf } from '@chuishao/contracts';
import { RecordDepartmentResponse } from './record-department-response.use-case';

@Controller()
export class DepartmentResponseHandlers {
  constructor(private readonly recordResponse: RecordDepartmentResponse) {}

  // A batch of acknowledgements only is tried as one statement (RecordDepartmentResponse); an
  // arrival may complete the whistle and a decline may be reassigned, so those batches go to a
  // transaction from the start rather than after a refused statement.
  @EventPattern(SummonsAcknowledged.type, COLLECTS_ITS_WRITES)
  onSummonsAcknowledged(@Payload() event: EventOf<typeof SummonsAcknowledged>): Promise<void> {
    const { whistleId, summonsId, acknowledgedAt } = event.payload;
    return this.recordResponse.execute(
      { kind: 'acknowledged', whistleId, summonsId, at: new Date(acknowledgedAt) },
      event,
    );
  }

  @EventPattern(DepartmentArrived.type)
  onDepartmentArrived(@Payload() event: EventOf<typeof DepartmentArrived>): Promise<void> {
    const { whistleId, summonsId, arrivedAt } = event.payload;
    return this.recordResponse.execute(
      { kind: 'arrived', whistleId, summonsId, at: new Date(arrivedAt) },
      event,
    );
  }

  @EventPattern(SummonsDeclined.type)
  onSummonsDeclined(@Payload() event: EventOf<typeof SummonsDeclined>): Promise<void> {
    const { whistleId, summonsId, declinedAt, reason } = event.payload;
    return this.recordResponse.execute(
      { kind: 'declined', whistleId, summonsId, at: new Date(declinedAt), reason },
      event,
    );
  }
}
