import type { Producer } from 'kafkajs';
import type { MessageProducer, OutgoingRecord } from './broker';
import { partitionGroups } from './partition-groups';

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

function countOf(counts: Map<string, number>, topic: string): number {
  const count = counts.get(topic);
  // A guess would send a key to another partition than its earlier events: refuse instead.
  if (!count) throw new Error(`the partition count of topic ${topic} is not known`);
  return count;
}

/** How many partitions each topic has (kafkajs does not say, and the grouping needs it). */
export type PartitionCounts = (topics: string[]) => Promise<Map<string, number>>;

/**
 * libs/messaging's producer over kafkajs: connects on first use, one request per partition and
 * never two at once for one partition, and starts again under a new producer id when the broker
 * no longer recognises its sequence.
 */
export class KafkajsProducer implements MessageProducer {
  private producer: Producer;
  private connected: Promise<void> | null = null;
  /** The send under way: the next waits for it (see sendThrough). */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly createProducer: () => Producer,
    private readonly partitionCounts: PartitionCounts,
  ) {
    this.producer = this.fresh();
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const turn = this.previous.then(() => this.sendNow(records));
    this.previous = turn.catch(() => undefined);
    await turn;
  }

  private async sendNow(records: OutgoingRecord[]): Promise<void> {
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
    const counts = await this.partitionCounts([...new Set(records.map((r) => r.topic))]);
    // One request per partition, one at a time for each, both for records kafkajs acknowledged
    // and never wrote. kafkajs 2.2.4 skips, on a retry, every broker that already answered, so a
    // request spanning leaders dropped the records whose partition had moved to such a broker
    // (kafkajs issue #1303). And it rolls a partition's sequence back when a request fails, though
    // the leader may have appended it (a timeout waiting for replicas): a second request for that
    // partition then reused the number, the broker took it for a duplicate and answered success
    // without writing it. The fault suite's two-of-three kill lost two CaseRegistered so, sent
    // under two keys of one partition at once. Alone on its partition, a retried request that
    // was appended is a true duplicate.
    await Promise.all(
      partitionGroups(records, (topic) => countOf(counts, topic)).map((group) =>
        producer.send({
          acks: -1,
          topic: group.topic,
          messages: group.records.map((r) => ({
            key: r.key,
            value: r.value,
            headers: r.headers,
            partition: group.partition,
          })),
        }),
      ),
    );
  }
}
