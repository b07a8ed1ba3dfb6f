import { dlqTopicOf } from '@chuishao/contracts';
import type { IncomingRecord, MessageProducer } from '../broker/broker';

export interface DeadLetterReason {
  code: string;
  message: string;
  attempts: number;
}

/** The headers a dead letter carries besides the original's: why, where from, when, by whom. */
export const DEAD_LETTER_HEADERS = [
  'dlq-error-code',
  'dlq-error-message',
  'dlq-attempts',
  'dlq-original-topic',
  'dlq-original-partition',
  'dlq-original-offset',
  'dlq-consumer-group',
  'dlq-failed-at',
] as const;

/**
 * Sends a message that cannot be handled to `<topic>.dlq` as it came: the same bytes (a value
 * that is not valid UTF-8 stays what it was), the same key (none stays none) and its original
 * headers, plus why it failed and where it came from, so it can be inspected and replayed.
 */
export async function sendToDeadLetterTopic(
  producer: MessageProducer,
  record: IncomingRecord,
  consumerGroup: string,
  reason: DeadLetterReason,
  failedAt: Date,
): Promise<void> {
  await producer.send([
    {
      topic: dlqTopicOf(record.topic),
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        'dlq-error-code': reason.code,
        'dlq-error-message': reason.message.slice(0, 2000),
        'dlq-attempts': String(reason.attempts),
        'dlq-original-topic': record.topic,
        'dlq-original-partition': String(record.partition),
        'dlq-original-offset': record.offset,
        'dlq-consumer-group': consumerGroup,
        'dlq-failed-at': failedAt.toISOString(),
      },
    },
  ]);
}
