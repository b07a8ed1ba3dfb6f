import type { Clock, Logger } from '@chuishao/kernel';
import type { IncomingRecord, MessageProducer, OutgoingRecord } from '../broker/broker';

/** A message in a `<topic>.dlq`, as an operator needs to see it. */
export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** The event's id, from its envelope; null when the value is not an event at all. */
  eventId: string | null;
  eventType: string | null;
  originalTopic: string;
  consumerGroup: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: string | null;
  failedAt: string | null;
  record: IncomingRecord;
}

/** No code will ever take these: not JSON, or not an event envelope. Replaying them only loops. */
const NEVER_REPLAYED = new Set(['MALFORMED_EVENT']);

export function dlqTopicFor(topic: string): string {
  return topic.endsWith('.dlq') ? topic : `${topic}.dlq`;
}

function eventFacts(value: Buffer | null): { id: string | null; type: string | null } {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? '') as { id?: unknown; type?: unknown };
    return {
      id: typeof parsed.id === 'string' ? parsed.id : null,
      type: typeof parsed.type === 'string' ? parsed.type : null,
    };
  } catch {
    return { id: null, type: null };
  }
}

export function describeDeadLetter(record: IncomingRecord): DeadLetter {
  const h = record.headers;
  const facts = eventFacts(record.value);
  return {
    dlqTopic: record.topic,
    partition: record.partition,
    offset: record.offset,
    eventId: facts.id ?? h['event-id'] ?? null,
    eventType: facts.type ?? h['event-type'] ?? null,
    originalTopic: h['dlq-original-topic'] ?? record.topic.replace(/\.dlq$/, ''),
    consumerGroup: h['dlq-consumer-group'] ?? null,
    errorCode: h['dlq-error-code'] ?? null,
    errorMessage: h['dlq-error-message'] ?? null,
    attempts: h['dlq-attempts'] ?? null,
    failedAt: h['dlq-failed-at'] ?? null,
    record,
  };
}

export interface DeadLetterReplayPorts {
  /** Every message of a topic, from its start to its end now. */
  read(topic: string): Promise<IncomingRecord[]>;
  producer: MessageProducer;
  /** The audit trail: one JSON line per message put back, and why any was not. */
  logger: Logger;
  clock: Clock;
  /** Who ran the command (an operator's login), for the audit line. */
  operator: string;
}

export interface ReplayResult {
  replayed: DeadLetter[];
  notReplayed: Array<{ deadLetter: DeadLetter; reason: string }>;
}

/**
 * Lists, shows and replays dead letters. A replay puts the original message (bytes, key,
 * headers) back on the topic it came from; every consumer group reads it again and its inbox
 * decides: the group that dead-lettered it handles it, a group that already handled it finds the
 * id and does nothing. So replaying twice, or replaying a message two groups dead-lettered, has
 * one effect per group.
 */
export class DeadLetterReplay {
  constructor(private readonly ports: DeadLetterReplayPorts) {}

  async list(topic: string): Promise<DeadLetter[]> {
    return (await this.ports.read(dlqTopicFor(topic))).map(describeDeadLetter);
  }

  async show(topic: string, eventId: string): Promise<DeadLetter[]> {
    return (await this.list(topic)).filter((d) => sameId(d.eventId, eventId));
  }

  async replay(topic: string, eventId?: string): Promise<ReplayResult> {
    const selected = eventId ? await this.show(topic, eventId) : await this.list(topic);
    const result: ReplayResult = { replayed: [], notReplayed: [] };
    const seen = new Set<string>();
    for (const deadLetter of selected) {
      const reason = this.whyNot(deadLetter, seen);
      if (reason) result.notReplayed.push({ deadLetter, reason });
      else result.replayed.push(deadLetter);
    }
    const at = this.ports.clock.now().toISOString();
    await this.ports.producer.send(result.replayed.map((d) => replayOf(d, at)));
    for (const d of result.replayed)
      this.ports.logger.info('dead letter replayed', auditFields(d, this.ports.operator, at));
    for (const { deadLetter, reason } of result.notReplayed)
      this.ports.logger.warn('dead letter not replayed', {
        ...auditFields(deadLetter, this.ports.operator, at),
        reason,
      });
    return result;
  }

  private whyNot(d: DeadLetter, seen: Set<string>): string | null {
    if (d.errorCode && NEVER_REPLAYED.has(d.errorCode)) return `${d.errorCode}: no code can ever handle it`;
    if (!d.eventId) return 'not an event: no id for an inbox to recognise';
    const id = d.eventId.toLowerCase();
    if (seen.has(id)) return 'the same event is replayed once, from its first dead letter';
    seen.add(id);
    return null;
  }
}

function sameId(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase();
}

function replayOf(d: DeadLetter, at: string): OutgoingRecord {
  const headers = Object.fromEntries(
    Object.entries(d.record.headers).filter(([name]) => !name.startsWith('dlq-')),
  );
  return {
    topic: d.originalTopic,
    key: d.record.key,
    value: d.record.value,
    headers: {
      ...headers,
      'dlq-replayed-from': `${d.dlqTopic}/${d.partition}/${d.offset}`,
      'dlq-replayed-at': at,
    },
  };
}

function auditFields(d: DeadLetter, operator: string, at: string): Record<string, unknown> {
  return {
    audit: 'dlq-replay',
    operator,
    at,
    dlqTopic: d.dlqTopic,
    partition: d.partition,
    offset: d.offset,
    eventId: d.eventId,
    eventType: d.eventType,
    originalTopic: d.originalTopic,
    consumerGroup: d.consumerGroup,
    errorCode: d.errorCode,
  };
}
