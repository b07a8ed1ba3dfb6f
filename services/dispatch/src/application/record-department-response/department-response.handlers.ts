import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DepartmentArrived, SummonsAcknowledged, SummonsDeclined, type EventOf } from '@chuishao/contracts';
import { RecordDepartmentResponse } from './record-department-response.use-case';

@Controller()
export class DepartmentResponseHandlers {
  constructor(private readonly recordResponse: RecordDepartmentResponse) {}

  @EventPattern(SummonsAcknowledged.type)
  onAcknowledged(@Payload() event: EventOf<typeof SummonsAcknowledged>): Promise<void> {
    const { whistleId, summonsId, acknowledgedAt } = event.payload;
    return this.recordResponse.execute(
      { kind: 'acknowledged', whistleId, summonsId, at: new Date(acknowledgedAt) },
      event,
    );
  }

  @EventPattern(DepartmentArrived.type)
  onArrived(@Payload() event: EventOf<typeof DepartmentArrived>): Promise<void> {
    const { whistleId, summonsId, arrivedAt } = event.payload;
    return this.recordResponse.execute(
      { kind: 'arrived', whistleId, summonsId, at: new Date(arrivedAt) },
      event,
    );
  }

  @EventPattern(SummonsDeclined.type)
  onDeclined(@Payload() event: EventOf<typeof SummonsDeclined>): Promise<void> {
    const { whistleId, summonsId, declinedAt, reason } = event.payload;
    return this.recordResponse.execute(
      { kind: 'declined', whistleId, summonsId, at: new Date(declinedAt), reason },
      event,
    );
  }
}
