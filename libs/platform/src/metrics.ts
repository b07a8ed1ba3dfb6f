import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ConsumeOutcome, MessagingMetrics } from '@chuishao/messaging';
import { OutboxRelay } from '@chuishao/messaging';
import type { Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Public, Unlimited } from './auth/decorators';

/**
 * The service's Prometheus metrics, in a registry of its own (several apps share a process in
 * tests): HTTP latency by route and status, events published and consumed per type, outbox
 * backlog, and Node's process metrics.
 */
export class ServiceMetrics implements MessagingMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly published = new Counter({
    name: 'chuishao_events_published_total',
    help: 'Events the outbox relay published to Kafka, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly consumed = new Counter({
    name: 'chuishao_events_consumed_total',
    help: 'Events taken from Kafka, by type and outcome (handled, duplicate, dead_lettered, ignored, skipped, held)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxBacklog = new Gauge({
    name: 'chuishao_outbox_backlog',
    help: 'Events written but not yet published (read at scrape time)',
    registers: [this.registry],
  });

  readonly outboxOldestAge = new Gauge({
    name: 'chuishao_outbox_oldest_age_seconds',
    help: 'How long the oldest unpublished event has waited in the outbox (read at scrape time)',
    registers: [this.registry],
  });

  private readonly setAside = new Counter({
    name: 'chuishao_outbox_set_aside_total',
    help: 'Outbox events Kafka refused for good (too large), set aside so the rest could go: alert on any',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly consumerRestarts = new Counter({
    name: 'chuishao_consumer_restarts_total',
    help: 'Kafka consumers this service replaced, by reason (stalled: partitions left behind with nothing handed over)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly lag = new Gauge({
    name: 'chuishao_consumer_lag',
    help: 'Messages behind the end of each consumed partition, after the last fetched batch',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A histogram of the service's own (timer lateness, notification latency…), on the same
   * registry as the platform's, so one scrape of /metrics shows both.
   */
  histogram<L extends string>(config: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    buckets: number[];
  }): Histogram<L> {
    return new Histogram<L>({ ...config, registers: [this.registry] });
  }

  /** A counter of the service's own (breaches raised, deliveries failed…), on this registry. */
  counter<L extends string>(config: { name: string; help: string; labelNames?: readonly L[] }): Counter<L> {
    return new Counter<L>({ ...config, registers: [this.registry] });
  }

  /** A gauge of the service's own, set by the service (or at scrape time via `collect`). */
  gauge<L extends string>(config: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    collect?: (this: Gauge<L>) => void | Promise<void>;
  }): Gauge<L> {
    return new Gauge<L>({ ...config, registers: [this.registry] });
  }

  eventsPublished(types: string[]): void {
    for (const type of types) this.published.inc({ type });
  }

  eventConsumed(type: string, outcome: ConsumeOutcome): void {
    this.consumed.inc({ type, outcome });
  }

  eventSetAside(type: string): void {
    this.setAside.inc({ type });
  }

  consumerRestarted(reason: 'stalled'): void {
    this.consumerRestarts.inc({ reason });
  }

  consumerLag(topic: string, partition: number, lag: number): void {
    this.lag.set({ topic, partition: String(partition) }, lag);
  }
}

/** GET /metrics for Prometheus; public like health, as SPEC "HTTP" has it. */
@ApiExcludeController()
@Public()
@Unlimited()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly relay: OutboxRelay,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const status = await this.relay.backlogStatus().catch(() => ({ backlog: -1, oldestAgeSeconds: -1 }));
    this.metrics.outboxBacklog.set(status.backlog);
    this.metrics.outboxOldestAge.set(status.oldestAgeSeconds);
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
