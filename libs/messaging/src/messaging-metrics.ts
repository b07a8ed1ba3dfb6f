/**
 * What messaging reports about itself. The platform implements it with Prometheus; messaging
 * stays free of any metrics library.
 */
/**
 * `ignored`: a known type another service handles. `skipped`: a type this code does not know yet
 * (recorded in the inbox). `held`: a newer version of a type handled here; the partition waits.
 */
export type ConsumeOutcome = 'handled' | 'duplicate' | 'dead_lettered' | 'ignored' | 'skipped' | 'held';

export interface MessagingMetrics {
  eventsPublished(types: string[]): void;
  eventConsumed(type: string, outcome: ConsumeOutcome): void;
  /** Messages behind the end of a partition after a batch (Kafka's high watermark − 1 − offset). */
  consumerLag?(topic: string, partition: number, lag: number): void;
  /** A consumer replaced by this service (`stalled`: it left partitions behind, stall-guard.ts). */
  consumerRestarted?(reason: 'stalled'): void;
  /** An outbox row Kafka refuses for good (too large), set aside so the rest can go. */
  eventSetAside?(type: string): void;
}

export const NO_MESSAGING_METRICS: MessagingMetrics = {
  eventsPublished: () => undefined,
  eventConsumed: () => undefined,
};

export const MESSAGING_METRICS = Symbol.for('chuishao.MessagingMetrics');
