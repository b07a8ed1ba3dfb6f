/**
 * What messaging reports about itself. The platform implements it with Prometheus; messaging
 * stays free of any metrics library.
 */
export type ConsumeOutcome = 'handled' | 'duplicate' | 'dead_lettered' | 'ignored';

export interface MessagingMetrics {
  eventsPublished(types: string[]): void;
  eventConsumed(type: string, outcome: ConsumeOutcome): void;
}

export const NO_MESSAGING_METRICS: MessagingMetrics = {
  eventsPublished: () => undefined,
  eventConsumed: () => undefined,
};

export const MESSAGING_METRICS = Symbol.for('chuishao.MessagingMetrics');
