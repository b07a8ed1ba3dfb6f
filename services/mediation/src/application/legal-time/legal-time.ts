import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { LegalCalendar, PUBLISHED_SCHEDULES, type LegalPeriod } from '@chuishao/legal-calendar';
import type { Ladder, LadderSplit } from '../../domain/ladder';
import { LegalCalendarMetrics } from '../../infrastructure/legal-time/legal-calendar-metrics';
import {
  HolidayScheduleRepository,
  type LoadedSchedule,
} from '../../infrastructure/persistence/holiday-schedule.repository';

/**
 * Where this service's periods end: on the legal calendar with the holiday schedules published
 * with it and those ops loaded since (HolidayScheduleLoaded, kept in holiday_schedules), elapsed
 * time for periods configured in seconds. A period ending in a year without a schedule is said in
 * the log and on a metric.
 */
@Injectable()
export class LegalTime {
  private readonly logger: Logger;

  constructor(
    private readonly schedules: HolidayScheduleRepository,
    private readonly metrics: LegalCalendarMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('legal-calendar');
  }

  /**
   * The calendar as it stands, read in the caller's transaction (a handful of rows), so a schedule
   * one replica stored counts on every replica from the next period on.
   */
  async calendar(): Promise<LegalCalendar> {
    return this.calendarOf(await this.schedules.all());
  }

  /** The calendar with `loaded`, the schedules as read (with more, by an opening: one statement). */
  calendarOf(loaded: readonly LoadedSchedule[]): LegalCalendar {
    let calendar = new LegalCalendar(PUBLISHED_SCHEDULES);
    for (const schedule of loaded) calendar = calendar.with(schedule);
    return calendar;
  }

  endOf(
    calendar: LegalCalendar,
    from: Date,
    period: LegalPeriod,
    name: string,
    context: Record<string, unknown>,
  ): Date {
    const end = calendar.endOf(from, period);
    for (const year of end.unscheduledYears) {
      this.metrics.unscheduled.inc({ year: String(year), period: name });
      this.logger.warn('period ends in a year without a holiday schedule: weekends only counted', {
        year,
        period: name,
        lastDay: end.lastDay,
        dueAt: end.dueAt.toISOString(),
        ...context,
      });
    }
    return end.dueAt;
  }

  ladder(calendar: LegalCalendar, split: LadderSplit, context: Record<string, unknown>): Ladder {
    return {
      split,
      endOf: (from, period) => this.endOf(calendar, from, period, 'mediation.level', context),
    };
  }
}
