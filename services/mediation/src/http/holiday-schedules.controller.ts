import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { knownSchedules } from '@chuishao/legal-calendar';
import { Roles } from '@chuishao/platform';
import { HolidayScheduleRepository } from '../infrastructure/persistence/holiday-schedule.repository';
import { MEDIATION_READERS } from './mediations.controller';

/**
 * The holiday schedules this service counts legal periods with: those shipped with the code and
 * those ops loaded into judicial-confirmation (HolidayScheduleLoaded), so ops can see a load reached
 * it. Loading is judicial-confirmation's `POST /holiday-schedules`; there is none here.
 */
@ApiTags('legal calendar')
@Controller('holiday-schedules')
export class HolidaySchedulesController {
  constructor(private readonly repository: HolidayScheduleRepository) {}

  @Get()
  @Roles(...MEDIATION_READERS)
  @ApiOperation({
    summary:
      'The years this service’s legal calendar has a holiday schedule for (published with the code, or loaded by ops through judicial-confirmation)',
  })
  async list() {
    return { items: knownSchedules(await this.repository.all()) };
  }
}
