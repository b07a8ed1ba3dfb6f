import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter } from 'prom-client';

/**
 * What ops reads off /metrics about the courts: filing attempts (a run of `unavailable` is a court
 * outage; applications wait, `submitting`) and callbacks by outcome (`refused` ones failed their
 * signature: a misconfigured secret, or someone forging).
 */
@Injectable()
export class CourtMetrics {
  readonly filings: Counter<'court' | 'outcome'>;
  readonly callbacks: Counter<'court' | 'outcome'>;

  constructor(metrics: ServiceMetrics) {
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
  }
}
