import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { LegalCalendar, type LegalPeriod } from '@chuishao/legal-calendar';
import type { Ladder, LadderSplit } from '../../domain/ladder';
import { LegalCalendarMetrics } from '../../infrastructure/legal-time/legal-calendar-metrics';

/**
 * Where this service's periods end: on the legal calendar with the holiday schedules published
 * with it (a schedule ops loads into judicial-confirmation does not reach this service yet — see
 * the README), elapsed time for periods configured in seconds. A period ending in a year without
 * a schedule is said in the log and on a metric.
 */
@Injectable()
export class LegalTime {
  private readonly calendar = new LegalCalendar();
  private readonly logger: Logger;

  constructor(
    private readonly metrics: LegalCalendarMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('legal-calendar');
  }

  endOf(from: Date, period: LegalPeriod, name: string, context: Record<string, unknown>): Date {
    const end = this.calendar.endOf(from, period);
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

  ladder(split: LadderSplit, context: Record<string, unknown>): Ladder {
    return { split, endOf: (from, period) => this.endOf(from, period, 'mediation.level', context) };
  }
}
