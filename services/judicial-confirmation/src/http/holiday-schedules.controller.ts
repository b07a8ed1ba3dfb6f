import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { knownSchedules } from '@chuishao/legal-calendar';
import { Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { LoadHolidaySchedule } from '../application/load-holiday-schedule/load-holiday-schedule.use-case';
import { HolidayScheduleRepository } from '../infrastructure/persistence/holiday-schedule.repository';
import { HolidayScheduleDto } from './dto/holiday-schedule.dto';
import { READERS } from './confirmation.controller';

/** The legal calendar's holiday schedules: those shipped with the code and those ops loaded. */
@ApiTags('legal calendar')
@Controller('holiday-schedules')
export class HolidaySchedulesController {
  constructor(
    private readonly loadHolidaySchedule: LoadHolidaySchedule,
    private readonly repository: HolidayScheduleRepository,
  ) {}

  @Post()
  @Roles('ops')
  @ApiOperation({
    summary:
      'Load a year’s holiday schedule as the State Council published it (replaces that year’s); legal periods computed from now on count it',
  })
  async load(@Body() body: HolidayScheduleDto, @Ctx() ctx: RequestContext) {
    const loaded = await this.loadHolidaySchedule.execute({
      schedule: {
        year: body.year,
        source: body.source.trim(),
        holidays: body.holidays.map((h) => ({ name: h.name.trim(), from: h.from, to: h.to })),
        makeUpWorkdays: body.makeUpWorkdays,
      },
      actor: ctx.actor,
      correlationId: ctx.correlationId,
    });
    return { ...loaded, loadedAt: loaded.loadedAt.toISOString(), origin: 'loaded' };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The years the legal calendar has a holiday schedule for (published with the code, or loaded); other years count weekends only',
  })
  async list() {
    return { items: knownSchedules(await this.repository.all()) };
  }
}
