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

  /**
   * Several events in one transaction: one INSERT records every id, and `work` runs, in order,
   * for each event not seen before (one seen earlier, or twice in this very batch, is a
   * duplicate). Any failure rolls the whole batch back; the caller then takes the events one by
   * one through `handleOnce`, so one bad event cannot hold back or undo the others.
   */
  handleBatchOnce<T extends { event: EventEnvelope; position: DeliveryPosition }>(
    consumer: string,
    entries: readonly T[],
    work: (entry: T, manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome[]> {
    return this.transactions.run(async (manager) => {
      const inserted: Array<{ event_id: string }> = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
         SELECT $1, e.id, e.type, e.topic, e.part, e.off
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[]) AS e(id, type, topic, part, off)
         ON CONFLICT (consumer, event_id) DO NOTHING
         RETURNING event_id`,
        [
          consumer,
          entries.map((e) => e.event.id),
          entries.map((e) => e.event.type),
          entries.map((e) => e.position.topic),
          entries.map((e) => e.position.partition),
          entries.map((e) => e.position.offset),
        ],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      const outcomes: InboxOutcome[] = [];
      for (const entry of entries) {
        // uuid comes back lower-case; an id is handled at its first appearance only.
        if (!fresh.delete(entry.event.id.toLowerCase())) {
          outcomes.push('duplicate');
          continue;
        }
        await work(entry, manager);
        outcomes.push('handled');
      }
      return outcomes;
    });
  }
}
