import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** Whistle to arrival: fine steps around the 30-minute SLA, a few below for second-scale tests. */
const ARRIVAL_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 900, 1200, 1500, 1800, 2100, 2700, 3600, 7200];

/**
 * The SLA as ops watches it on /metrics (docs/runbook.md): breaches by center and department,
 * every arrival's time and whether it was on time (the on-time rate and percentiles are computed
 * from these), escalations raised, and the open escalations nobody has taken in charge yet
 * (read from the database at scrape time, aged by the database's clock).
 */
@Injectable()
export class SlaMetrics {
  readonly breaches: Counter<'center' | 'department'>;
  readonly escalations: Counter<'level'>;
  readonly arrivalSeconds: Histogram<'center' | 'department'>;
  readonly arrivals: Counter<'center' | 'department' | 'outcome'>;
  readonly openEscalations: Gauge;
  readonly oldestOpenEscalationAge: Gauge;

  constructor(metrics: ServiceMetrics, transactions: TransactionHost) {
    this.breaches = metrics.counter({
      name: 'chuishao_breaches_total',
      help: 'Arrival deadlines missed, by center and department (counted when the breach commits)',
      labelNames: ['center', 'department'] as const,
    });
    this.escalations = metrics.counter({
      name: 'chuishao_escalations_raised_total',
      help: 'Escalations raised, by ladder level',
      labelNames: ['level'] as const,
    });
    this.arrivalSeconds = metrics.histogram({
      name: 'chuishao_arrival_seconds',
      help: 'From the summons (whistle or reassignment) to the department on site, by center and department',
      labelNames: ['center', 'department'] as const,
      buckets: ARRIVAL_BUCKETS,
    });
    this.arrivals = metrics.counter({
      name: 'chuishao_arrivals_total',
      help: 'Departments on site, by center, department and outcome (on_time, late)',
      labelNames: ['center', 'department', 'outcome'] as const,
    });
    const open = (select: string) => async () =>
      Number(
        (await transactions.manager.query(`SELECT ${select} AS v FROM escalations WHERE state = 'open'`))[0]
          .v,
      );
    this.openEscalations = metrics.gauge({
      name: 'chuishao_escalations_open',
      help: 'Escalations raised and not yet acknowledged (read at scrape time)',
      async collect() {
        this.set(await open('count(*)')());
      },
    });
    this.oldestOpenEscalationAge = metrics.gauge({
      name: 'chuishao_escalation_oldest_open_age_seconds',
      help: 'How long the oldest unacknowledged escalation has waited, by the database clock (0: none open)',
      async collect() {
        this.set(await open('coalesce(extract(epoch FROM now() - min(raised_at)), 0)')());
      },
    });
  }

  /**
   * A department summoned at a center: its breach, arrival and escalation series start at zero now,
   * long before they can first count, so Prometheus's increase() sees their first step (a series
   * born at 1 shows none).
   */
  summoned(sla: {
    centerId: string;
    departmentId: string;
    policy: { levels: unknown[]; repeat: number };
  }): void {
    const labels = { center: sla.centerId, department: sla.departmentId };
    this.breaches.inc(labels, 0);
    this.arrivalSeconds.zero(labels);
    for (const outcome of ['on_time', 'late']) this.arrivals.inc({ ...labels, outcome }, 0);
    for (let level = 1; level <= sla.policy.levels.length * (sla.policy.repeat + 1); level++)
      this.escalations.inc({ level: String(level) }, 0);
  }

  /** One department on site, after the transaction that decided it commits. */
  arrived(
    sla: { centerId: string; departmentId: string; summonedAt: Date },
    at: Date,
    onTime: boolean,
  ): void {
    const labels = { center: sla.centerId, department: sla.departmentId };
    this.arrivalSeconds.observe(labels, Math.max(0, (at.getTime() - sla.summonedAt.getTime()) / 1000));
    this.arrivals.inc({ ...labels, outcome: onTime ? 'on_time' : 'late' });
  }
}
