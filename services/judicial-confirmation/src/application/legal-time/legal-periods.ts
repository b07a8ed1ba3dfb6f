import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { LegalCalendar, PUBLISHED_SCHEDULES, type PeriodEnd } from '@chuishao/legal-calendar';
import { LegalCalendarMetrics } from '../../infrastructure/legal-time/legal-calendar-metrics';
import { HolidayScheduleRepository } from '../../infrastructure/persistence/holiday-schedule.repository';

/**
 * The legal calendar as it stands now: the published schedules shipped with the code, with the
 * ones ops loaded in place of or beside them. Read from the database in the caller's transaction
 * each time (a handful of rows), so a schedule loaded on one replica counts on every replica from
 * the next deadline on.
 */
@Injectable()
export class LegalPeriods {
  private readonly logger: Logger;

  constructor(
    private readonly schedules: HolidayScheduleRepository,
    private readonly metrics: LegalCalendarMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('legal-calendar');
  }

  async calendar(): Promise<LegalCalendar> {
    let calendar = new LegalCalendar(PUBLISHED_SCHEDULES);
    for (const loaded of await this.schedules.all()) calendar = calendar.with(loaded);
    return calendar;
  }

  /**
   * A period whose end lies in a year without a schedule was counted with weekends only: said in
   * the log and on a metric, so ops loads that year's schedule before it matters.
   */
  checked(end: PeriodEnd, period: string, context: Record<string, unknown>): PeriodEnd {
    for (const year of end.unscheduledYears) {
      this.metrics.unscheduled.inc({ year: String(year), period });
      this.logger.warn('legal period ends in a year without a holiday schedule: weekends only counted', {
        year,
        period,
        lastDay: end.lastDay,
        dueAt: end.dueAt.toISOString(),
        ...context,
      });
    }
    return end;
  }
}
