import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter, Gauge } from 'prom-client';
import { CourtHealthRepository } from '../persistence/court-health.repository';

/**
 * What ops reads off /metrics about the courts: filing attempts (a run of `unavailable` is a court
 * outage; applications wait, `submitting`) and callbacks by outcome (`refused` ones failed their
 * signature: a misconfigured secret, or someone forging).
 */
@Injectable()
export class CourtMetrics {
  readonly filings: Counter<'court' | 'outcome'>;
  readonly callbacks: Counter<'court' | 'outcome'>;
  readonly outages: Gauge<'court'>;

  constructor(metrics: ServiceMetrics, courtHealth: CourtHealthRepository) {
    this.filings = metrics.counter({
      name: 'chuishao_court_filing_attempts_total',
      help: 'Attempts to file a confirmation application with a court, by court and outcome (filed, unavailable)',
      labelNames: ['court', 'outcome'] as const,
    });
    this.callbacks = metrics.counter({
      name: 'chuishao_court_callbacks_total',
      help: 'Court callbacks received, by court and outcome (applied, duplicate, ignored, refused)',
      labelNames: ['court', 'outcome'] as const,
    });
    this.outages = metrics.gauge({
      name: 'chuishao_court_outage',
      help: '1 for each court that left filings unanswered too long and has not answered since (read at scrape time)',
      labelNames: ['court'] as const,
      async collect() {
        this.reset();
        for (const court of await courtHealth.outages()) this.set({ court }, 1);
      },
    });
  }
}
