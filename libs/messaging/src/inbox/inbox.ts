import type { EventEnvelope } from '@chuishao/contracts';
import type { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';

export interface DeliveryPosition {
  topic: string;
  partition: number;
  offset: string;
}

export type InboxOutcome = 'handled' | 'duplicate';

/**
 * Idempotent consumption: the event id is recorded in the same transaction as the handler's
 * effect, so a redelivered event finds its id and has no second effect (SPEC "Delivery").
 */
export class Inbox {
  constructor(private readonly transactions: TransactionHost) {}

  handleOnce(
    consumer: string,
    event: EventEnvelope,
    position: DeliveryPosition,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome> {
    return this.transactions.run(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (consumer, event_id) DO NOTHING
         RETURNING event_id`,
        [consumer, event.id, event.type, position.topic, position.partition, position.offset],
      );
      if (inserted.length === 0) return 'duplicate';
      await work(manager);
      return 'handled';
    });
  }
}
