import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter, Histogram } from 'prom-client';

/**
 * What an ops supervisor (and the benchmark) reads off /metrics about the timer engine: how late
 * each timer fired after its due time, by kind, and how many fires failed and were retried.
 * Lateness is the promise of the engine (issue 4: p99 ≤ 200 ms), so its buckets are fine-grained
 * below a second and coarse above (a restart's backlog).
 */
@Injectable()
export class TimerMetrics {
  readonly lateness: Histogram<'kind'>;
  readonly fired: Counter<'kind'>;
  readonly failed: Counter<'kind'>;

  constructor(metrics: ServiceMetrics) {
    this.lateness = metrics.histogram({
      name: 'chuishao_timer_lateness_seconds',
      help: 'Time from a timer being due to it firing, by timer kind',
      labelNames: ['kind'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 15, 60, 300],
    });
    this.fired = metrics.counter({
      name: 'chuishao_timers_fired_total',
      help: 'Timers fired (once each, in effect), by timer kind',
      labelNames: ['kind'] as const,
    });
    this.failed = metrics.counter({
      name: 'chuishao_timer_failures_total',
      help: 'Timer handler failures (the timer is retried with backoff), by timer kind',
      labelNames: ['kind'] as const,
    });
  }
}
