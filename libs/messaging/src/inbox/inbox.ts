import type { EventEnvelope } from '@chuishao/contracts';
import type { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import { InboxProgress } from './inbox-progress';

export interface DeliveryPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** What the inbox row says of an event: its effect applied, or passed over by code too old for it. */
export type InboxRecord = 'handled' | 'skipped';

export type InboxOutcome = InboxRecord | 'duplicate';

/**
 * The id is new, or was only ever skipped (by code that did not know its type then): either way
 * this consumer has applied nothing of it. A skipped row becomes handled when code that knows
 * the type meets the event again (a replay), so skipping never blocks a later handling.
 */
const RECORD = `ON CONFLICT (consumer, event_id) DO UPDATE SET outcome = EXCLUDED.outcome, handled_at = now()
   WHERE inbox.outcome = 'skipped' AND EXCLUDED.outcome = 'handled'
   RETURNING event_id`;

/**
 * Idempotent consumption: the event id is recorded in the same transaction as the handler's
 * effect, so a redelivered event finds its id and has no second effect (SPEC "Delivery").
 */
export class Inbox {
  /** What has committed here: `inbox.progress.whenHandled(eventId)`, `whenCaughtUp(ends)`. */
  readonly progress = new InboxProgress();

  constructor(private readonly transactions: TransactionHost) {}

  /** Resolves once this process has committed the event's inbox row (handled, skipped or a duplicate). */
  whenHandled(eventId: string, timeoutMs?: number): Promise<void> {
    return this.progress.whenHandled(eventId, timeoutMs);
  }

  /**
   * Resolves once this process has consumed every given partition up to `end` (its high
   * watermark when the wait began): everything published before has been handled.
   */
  whenCaughtUp(ends: ReadonlyArray<{ topic: string; partition: number; end: string }>, timeoutMs?: number) {
    return this.progress.whenCaughtUp(ends, timeoutMs);
  }

  /** Tells the waiters once the transaction has committed (at once outside any). */
  private noteCommitted(entries: ReadonlyArray<{ event: EventEnvelope; position: DeliveryPosition }>): void {
    this.transactions.afterCommit(() =>
      this.progress.committed(entries.map((e) => ({ eventId: e.event.id, position: e.position }))),
    );
  }

  handleOnce(
    consumer: string,
    event: EventEnvelope,
    position: DeliveryPosition,
    work: (manager: EntityManager) => Promise<void>,
    record: InboxRecord = 'handled',
  ): Promise<InboxOutcome> {
    return this.transactions.run(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ${RECORD}`,
        [consumer, event.id, event.type, position.topic, position.partition, position.offset, record],
      );
      this.noteCommitted([{ event, position }]);
      if (inserted.length === 0) return 'duplicate';
      await work(manager);
      return record;
    });
  }

  /**
   * Several events in one transaction: one INSERT records every id, and `work` runs, in order,
   * for each event not seen before (one seen earlier, or twice in this very batch, is a
   * duplicate). Any failure rolls the whole batch back; the caller then takes the events one by
   * one through `handleOnce`, so one bad event cannot hold back or undo the others.
   */
  handleBatchOnce<T extends { event: EventEnvelope; position: DeliveryPosition; skipped?: boolean }>(
    consumer: string,
    entries: readonly T[],
    work: (entry: T, manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome[]> {
    return this.transactions.run(async (manager) => {
      // DISTINCT ON: an id twice in one statement would make ON CONFLICT DO UPDATE fail.
      const inserted: Array<{ event_id: string }> = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, outcome)
         SELECT DISTINCT ON (e.id) $1, e.id, e.type, e.topic, e.part, e.off, e.outcome
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[])
           WITH ORDINALITY AS e(id, type, topic, part, off, outcome, n)
         ORDER BY e.id, e.n
         ${RECORD}`,
        [
          consumer,
          entries.map((e) => e.event.id),
          entries.map((e) => e.event.type),
          entries.map((e) => e.position.topic),
          entries.map((e) => e.position.partition),
          entries.map((e) => e.position.offset),
          entries.map((e) => (e.skipped ? 'skipped' : 'handled')),
        ],
      );
      this.noteCommitted(entries);
      const fresh = new Set(inserted.map((row) => row.event_id));
      const outcomes: InboxOutcome[] = [];
      for (const entry of entries) {
        // uuid comes back lower-case; an id is handled at its first appearance only.
        if (!fresh.delete(entry.event.id.toLowerCase())) {
          outcomes.push('duplicate');
          continue;
        }
        await work(entry, manager);
        outcomes.push(entry.skipped ? 'skipped' : 'handled');
      }
      return outcomes;
    });
  }
}
