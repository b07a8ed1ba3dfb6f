import { dlqTopicOf } from '@chuishao/contracts';
import type { IncomingRecord, MessageProducer } from '../broker/broker';

export interface DeadLetterReason {
  code: string;
  message: string;
  attempts: number;
}

/**
 * Sends a message that cannot be handled to `<topic>.dlq`, byte for byte, with its original
 * headers plus why it failed and where it came from, so it can be inspected and replayed.
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
      key: record.key ?? '',
      value: record.value ? record.value.toString('utf8') : '',
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
