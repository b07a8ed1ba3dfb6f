import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import { runInTraceContext, type TraceContext } from '@chuishao/kernel';
import type { OutgoingRecord } from '../broker/broker';

/**
 * The messaging library's own OpenTelemetry spans. The kafkajs instrumentation would wrap
 * `eachBatch` in one span for the whole fetch, but the transport handles each event in its own
 * transaction (or a batch of them together) and the relay sends rows that belong to many traces
 * at once: only here is it known which event is being sent or handled, and which trace its
 * `traceparent` header continues. Without a tracing SDK (no OTLP endpoint) @opentelemetry/api is
 * a no-op: no span is recorded, headers go out as they were stored and the hand-made context of
 * the kernel carries the trace, as before.
 */
const tracer = trace.getTracer('@chuishao/messaging');

function errorOf(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

export interface ConsumedEvent {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  eventId: string;
  eventType: string;
}

/**
 * Runs the handling of one consumed event inside a CONSUMER span whose parent is the span named
 * by the event's `traceparent` (the producer's send span), and with the kernel's trace context
 * (logs, events emitted) set to that span.
 */
export function inConsumerSpan<T>(
  consumed: ConsumedEvent,
  base: TraceContext,
  consumerGroup: string,
  work: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, consumed.headers);
  const span = tracer.startSpan(
    `${consumed.eventType} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': consumed.topic,
        'messaging.destination.partition.id': String(consumed.partition),
        'messaging.kafka.offset': Number(consumed.offset),
        'messaging.consumer.group.name': consumerGroup,
        'messaging.message.id': consumed.eventId,
      },
    },
    parent,
  );
  if (!span.isRecording()) return runInTraceContext(base, work);
  const { traceId, spanId } = span.spanContext();
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await runInTraceContext({ ...base, traceId, spanId }, work);
    } catch (error) {
      errorOf(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface SendSpans<R extends OutgoingRecord> {
  /** The records to send: each names its send span in `traceparent` when tracing runs. */
  records: R[];
  /** Ends every span: those whose record is in `sent` as sent, the others failed with `error`. */
  end(sent: ReadonlySet<R>, error?: unknown): void;
}

/**
 * A PRODUCER span per record about to be sent, child of the span its stored `traceparent` names
 * (the one active when the event was written to the outbox); the record then carries the send
 * span on, so every consumer's span is its child.
 */
export function startSendSpans<R extends OutgoingRecord>(
  records: R[],
  eventTypeOf: (record: R) => string,
): SendSpans<R> {
  const spans = new Map<R, Span>();
  const traced = records.map((record) => {
    const parent = propagation.extract(ROOT_CONTEXT, record.headers);
    const span = tracer.startSpan(
      `${eventTypeOf(record)} send`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': record.topic,
          ...(record.headers['event-id'] ? { 'messaging.message.id': record.headers['event-id'] } : {}),
        },
      },
      parent,
    );
    if (!span.isRecording()) return record;
    const headers = { ...record.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    const out = { ...record, headers };
    spans.set(out, span);
    return out;
  });
  return {
    records: traced,
    end(sent, error) {
      for (const [record, span] of spans) {
        if (!sent.has(record)) errorOf(span, error ?? 'not sent');
        span.end();
      }
    },
  };
}
