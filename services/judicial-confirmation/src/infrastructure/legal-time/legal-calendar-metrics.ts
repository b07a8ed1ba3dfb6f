import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter } from 'prom-client';

/**
 * Legal periods whose end was judged in a year nobody loaded a holiday schedule for: weekends only
 * counted there, so a deadline may fall on a public holiday. Any rise means ops should load that
 * year's schedule (POST /holiday-schedules).
 */
@Injectable()
export class LegalCalendarMetrics {
  readonly unscheduled: Counter<'year' | 'period'>;

  constructor(metrics: ServiceMetrics) {
    this.unscheduled = metrics.counter({
      name: 'chuishao_legal_calendar_unscheduled_year_total',
      help: 'Legal periods ending in a year without a holiday schedule (weekends only counted), by year and period',
      labelNames: ['year', 'period'] as const,
    });
  }
}
