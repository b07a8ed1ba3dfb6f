import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HolidayScheduleLoaded, type EventOf } from '@chuishao/contracts';
import { HolidayScheduleRepository } from '../../infrastructure/persistence/holiday-schedule.repository';

/**
 * Ops loads a year's holiday schedule once, into judicial-confirmation; mediation keeps its copy so
 * the one-month limit and the ladder's levels end on the same legal days as the court's periods.
 */
@Controller()
export class CalendarEventHandlers {
  constructor(private readonly schedules: HolidayScheduleRepository) {}

  @EventPattern(HolidayScheduleLoaded.type)
  async onHolidayScheduleLoaded(@Payload() event: EventOf<typeof HolidayScheduleLoaded>): Promise<void> {
    const { loadedAt, ...schedule } = event.payload;
    await this.schedules.keepLatest({ ...schedule, loadedAt: new Date(loadedAt) });
  }
}
