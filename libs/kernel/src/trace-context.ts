import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { randomBytesFromPool } from './random-pool';

/**
 * What every log line and every event emitted within one unit of work (an HTTP request, a Kafka
 * message) should carry, so one case can be followed across services: the W3C trace id (from an
 * incoming `traceparent`, or new), and the ids known at that point (request, event, case,
 * correlation). Set once at the edge (request log middleware, the Kafka transport), read by the
 * JSON logger and the outbox writer.
 *
 * When OpenTelemetry tracing runs (an OTLP endpoint is configured, see libs/platform tracing),
 * the ids are those of its active span, so logs, events and exported spans tell one story; when
 * it does not, @opentelemetry/api is a no-op and the ids are made here, as before.
 */
export interface TraceContext {
  traceId: string;
  /** The span of this unit of work; events it emits name it as their parent. */
  spanId: string;
  requestId?: string;
  eventId?: string;
  eventType?: string;
  caseId?: string;
  correlationId?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function currentTraceContext(): TraceContext | undefined {
  return storage.getStore();
}

export function runInTraceContext<T>(context: TraceContext, work: () => T): T {
  return storage.run(context, work);
}

/** Adds ids learnt later in the unit of work (e.g. the case once a request has loaded it). */
export function annotateTraceContext(fields: Partial<Omit<TraceContext, 'traceId' | 'spanId'>>): void {
  const current = storage.getStore();
  if (current) Object.assign(current, fields);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * Random hex without a run of 11 or more decimal digits: such a run looks like a mobile number
 * to the personal-data scrubbers of logs and tests, which would mangle or flag a trace id.
 */
function randomHex(bytes: number): string {
  for (;;) {
    const hex = randomBytesFromPool(bytes).toString('hex');
    if (!/\d{11}/.test(hex)) return hex;
  }
}

export function newSpanId(): string {
  return randomHex(8);
}

export function newTraceId(): string {
  return randomHex(16);
}

type TraceIds = Pick<TraceContext, 'traceId' | 'spanId'>;

/** The ids of the active OpenTelemetry span, if tracing runs and one is active. */
export function activeSpanIds(): TraceIds | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context)
    ? { traceId: context.traceId, spanId: context.spanId }
    : undefined;
}

/**
 * The trace and span that a log line or an emitted event belongs to: the active OpenTelemetry
 * span when there is one (it may be a child of the unit of work's span), else the unit of work's.
 */
export function currentTraceIds(): TraceIds | undefined {
  const context = storage.getStore();
  return activeSpanIds() ?? (context && { traceId: context.traceId, spanId: context.spanId });
}

/**
 * The context of a unit of work that starts here: the active OpenTelemetry span's (the HTTP
 * server span, a consumer span) when tracing runs, else one continuing `traceparent`.
 */
export function traceContextHere(
  traceparent: string | undefined,
  fields: Omit<TraceContext, 'traceId' | 'spanId'> = {},
): TraceContext {
  const ids = activeSpanIds();
  return ids ? { ...ids, ...fields } : traceContextFrom(traceparent, fields);
}

/**
 * A fresh context continuing the trace of a W3C `traceparent` header when there is a valid one,
 * else starting a new trace.
 */
export function traceContextFrom(
  traceparent: string | undefined,
  fields: Omit<TraceContext, 'traceId' | 'spanId'> = {},
): TraceContext {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : newTraceId();
  return { traceId, spanId: newSpanId(), ...fields };
}

/** The `traceparent` header for a message sent from within `context` (sampled). */
export function traceparentOf(context: Pick<TraceContext, 'traceId' | 'spanId'>): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}
