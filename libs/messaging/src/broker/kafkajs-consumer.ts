import type { Consumer } from 'kafkajs';
import type { ConsumerObserver, IncomingBatch, MessageConsumer, PartitionBehind } from './broker';
import type { Assignment } from './kafkajs-positions';

function headersOf(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value)
      ? String(value[0])
      : Buffer.isBuffer(value)
        ? value.toString('utf8')
        : String(value);
  }
  return headers;
}

/** Shared between a consumer and kafkajs' restart policy: once we close it, kafkajs must not revive it. */
export interface ClosingFlag {
  closing: boolean;
}

export class KafkajsConsumer implements MessageConsumer {
  /** This member's partitions since it last joined its group. */
  private assignment: Assignment = {};

  constructor(
    private readonly consumer: Consumer,
    private readonly partitionsConsumedConcurrently: number,
    private readonly lifecycle: ClosingFlag,
    private readonly behind: (assignment: Assignment) => Promise<PartitionBehind[]>,
  ) {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
    });
  }

  partitionsBehind(): Promise<PartitionBehind[]> {
    return this.behind(this.assignment);
  }

  async run(
    topics: string[],
    handle: (batch: IncomingBatch) => Promise<void>,
    observer: ConsumerObserver = {},
  ): Promise<void> {
    if (observer.onLag) {
      const onLag = observer.onLag;
      this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const lag = Number(payload.offsetLag);
        if (Number.isFinite(lag)) onLag(payload.topic, payload.partition, Math.max(0, lag));
      });
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      // Offsets are resolved by the handler, after its transaction commits, never by kafkajs.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        await handle({
          topic: batch.topic,
          partition: batch.partition,
          records: batch.messages.map((message) => ({
            heartbeat,
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key ? message.key.toString('utf8') : null,
            value: message.value,
            headers: headersOf(message.headers as Record<string, unknown>),
          })),
          resolve: (record) => resolveOffset(record.offset),
          heartbeat,
          isActive: () => isRunning() && !isStale(),
        });
      },
    });
  }

  async disconnect(): Promise<void> {
    this.lifecycle.closing = true;
    await this.consumer.disconnect();
  }
}
