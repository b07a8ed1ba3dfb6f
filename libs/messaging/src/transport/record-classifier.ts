import type { MessageHandler } from '@nestjs/microservices';
import {
  ContractViolation,
  envelopeSchema,
  isKnownEventType,
  latestEventDefinition,
  parseEvent,
  type EventEnvelope,
} from '@chuishao/contracts';
import { traceContextFrom, type TraceContext } from '@chuishao/kernel';
import type { IncomingRecord } from '../broker/broker';

export type DeadLetterReason = { code: string; message: string; attempts: number };

/**
 * An `event` with no handlers and `skipped` set is one of a type this code does not know yet (a
 * newer service emits it): it is recorded in the inbox as skipped and the partition moves on. A
 * `hold` is a newer version of a type this service handles: the partition waits for new code.
 */
export type Classified =
  | { kind: 'event'; event: EventEnvelope; handlers: MessageHandler[]; trace: TraceContext; skipped?: true }
  | { kind: 'not-ours'; type: string }
  | { kind: 'hold'; type: string; version: number }
  | { kind: 'dead-letter'; reason: DeadLetterReason };

/** The service's handlers, as the transport registered them. */
export interface HandlerLookup {
  /** Whether an `@EventPattern` names the type. */
  handles(type: string): boolean;
  /** The type's handlers in order, or null when none. */
  chainFor(type: string): MessageHandler[] | null;
}

/** What a record is to this service, from its bytes alone. */
export function classifyRecord(record: IncomingRecord, handlers: HandlerLookup): Classified {
  let raw: unknown;
  try {
    raw = JSON.parse(record.value?.toString('utf8') ?? '');
  } catch {
    return {
      kind: 'dead-letter',
      reason: { code: 'MALFORMED_EVENT', message: 'message value is not JSON', attempts: 0 },
    };
  }
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && isKnownEventType(type) && !handlers.handles(type)) {
    return { kind: 'not-ours', type }; // another service's business: this one does not handle that type
  }
  let event: EventEnvelope;
  try {
    event = parseEvent(raw);
  } catch (error) {
    if (error instanceof ContractViolation) return classifyViolation(record, raw, error, handlers);
    throw error;
  }
  const chain = handlers.chainFor(event.type);
  if (!chain) return { kind: 'not-ours', type: event.type };
  return { kind: 'event', event, handlers: chain, trace: traceOf(record, event) };
}

/**
 * What a rolling deploy produces is not a dead letter: a type this code has never heard of
 * (a newer service added it) is skipped, and a newer version of a type handled here waits for
 * this service's new code. Anything else that breaks the contract is a dead letter.
 */
function classifyViolation(
  record: IncomingRecord,
  raw: unknown,
  error: ContractViolation,
  handlers: HandlerLookup,
): Classified {
  const envelope = envelopeSchema.safeParse(raw);
  if (envelope.success && error.code === 'UNKNOWN_EVENT_TYPE') {
    const event = envelope.data as EventEnvelope;
    return { kind: 'event', event, handlers: [], trace: traceOf(record, event), skipped: true };
  }
  if (envelope.success && error.code === 'UNKNOWN_EVENT_VERSION') {
    const { type, version } = envelope.data;
    const known = latestEventDefinition(type)?.version ?? Infinity;
    if (version > known && handlers.chainFor(type)) return { kind: 'hold', type, version };
  }
  return { kind: 'dead-letter', reason: { code: error.code, message: error.message, attempts: 0 } };
}

/** The handling runs in the trace of the message, so its logs and events follow the case. */
function traceOf(record: IncomingRecord, event: EventEnvelope): TraceContext {
  return traceContextFrom(record.headers.traceparent, {
    eventId: event.id,
    eventType: event.type,
    caseId: event.caseId,
    correlationId: event.correlationId,
  });
}
