import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter } from 'prom-client';

/**
 * Periods whose end was judged in a year the calendar has no holiday schedule for: weekends only
 * counted there, so a level's deadline or the time limit may fall on a public holiday.
 */
@Injectable()
export class LegalCalendarMetrics {
  readonly unscheduled: Counter<'year' | 'period'>;

  constructor(metrics: ServiceMetrics) {
    this.unscheduled = metrics.counter({
      name: 'chuishao_legal_calendar_unscheduled_year_total',
      help: 'Periods ending in a year without a holiday schedule (weekends only counted), by year and period',
      labelNames: ['year', 'period'] as const,
    });
  }
}
