import type { Producer } from 'kafkajs';
import type { MessageProducer, OutgoingRecord } from './broker';
import { singlePartitionGroups } from './single-partition-groups';

/**
 * Broker answers after which this idempotent producer's id and sequence numbers are no use any
 * more. kafkajs 2.2.4 keeps the producer id and the sequence it holds and sends the same again on
 * every later call, for ever; the Java client resets its state. Found by the fault suite's "kill -9
 * two brokers of three": once both came back, the new leader answered OUT_OF_ORDER_SEQUENCE_NUMBER
 * to every send and the outbox stopped draining.
 */
const PRODUCER_STATE_LOST = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** The kafkajs error type behind an error, through the retrier's `cause` wrappers. */
function kafkaErrorTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string') types.push(type);
    current = cause;
  }
  return types;
}

export function lostProducerState(error: unknown): boolean {
  return kafkaErrorTypes(error).some((type) => PRODUCER_STATE_LOST.has(type));
}

/**
 * libs/messaging's producer over kafkajs: connects on first use, one request per partition, and
 * starts again under a new producer id when the broker no longer recognises its sequence.
 */
export class KafkajsProducer implements MessageProducer {
  private producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(private readonly createProducer: () => Producer) {
    this.producer = this.fresh();
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = this.producer;
    try {
      await this.sendThrough(producer, records);
    } catch (error) {
      // The caller (the outbox relay) keeps the rows and sends them again; under the new id the
      // broker cannot drop a copy of a record it already holds, and the consumers' inboxes do.
      if (lostProducerState(error) && producer === this.producer) await this.replace(producer);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.connected = null;
    await this.producer.disconnect();
  }

  private fresh(): Producer {
    const producer = this.createProducer();
    producer.on(producer.events.DISCONNECT, () => {
      if (producer === this.producer) this.connected = null;
    });
    return producer;
  }

  private async replace(stale: Producer): Promise<void> {
    this.producer = this.fresh();
    this.connected = null;
    await stale.disconnect().catch(() => undefined);
  }

  private async sendThrough(producer: Producer, records: OutgoingRecord[]): Promise<void> {
    this.connected ??= producer.connect().catch((error: unknown) => {
      this.connected = null;
      throw error;
    });
    await this.connected;
    // One request per partition, never one spanning leaders: kafkajs 2.2.4 (sendMessages) skips,
    // on a retry, every broker that already answered, so records whose partition moved to such a
    // broker (its leader was cut off) were dropped while send() resolved: acknowledged and lost,
    // found by the fault suite's cluster phase (kafkajs issue #1303). A key maps to one partition,
    // so a group of one topic and one key is one leader and keeps its order.
    await Promise.all(
      singlePartitionGroups(records).map((group) =>
        producer.send({
          acks: -1,
          topic: group[0]!.topic,
          messages: group.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        }),
      ),
    );
  }
}
