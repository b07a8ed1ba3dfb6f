import type { Producer } from 'kafkajs';
import type { MessageProducer, OutgoingRecord } from './broker';
import { singlePartitionGroups } from './single-partition-groups';

/** libs/messaging's producer over kafkajs: connects on first use, one request per partition. */
export class KafkajsProducer implements MessageProducer {
  private connected: Promise<void> | null = null;

  constructor(private readonly producer: Producer) {
    producer.on(producer.events.DISCONNECT, () => {
      this.connected = null;
    });
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.connected ??= this.producer.connect().catch((error: unknown) => {
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
        this.producer.send({
          acks: -1,
          topic: group[0]!.topic,
          messages: group.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        }),
      ),
    );
  }

  async disconnect(): Promise<void> {
    this.connected = null;
    await this.producer.disconnect();
  }
}
