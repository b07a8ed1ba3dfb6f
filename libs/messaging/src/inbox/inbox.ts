import type { EventEnvelope } from '@chuishao/contracts';
import { withParameters, type Param, type TransactionHost } from '@chuishao/persistence';
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

  /**
   * Whether to try the events as one statement first: the caller says their handlers only collect
   * (`asOneStatement`, COLLECTS_ITS_WRITES), and no id is there twice.
   */
  private triesAsOneStatement(entries: readonly BatchEntry[], asOneStatement: boolean | undefined): boolean {
    if (!asOneStatement) return false;
    return new Set(entries.map((e) => e.event.id.toLowerCase())).size === entries.length;
  }

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

  async handleOnce(
    consumer: string,
    event: EventEnvelope,
    position: DeliveryPosition,
    work: (manager: EntityManager) => Promise<void>,
    { record = 'handled', asOneStatement }: HandlingOptions & { record?: InboxRecord } = {},
  ): Promise<InboxOutcome> {
    const entry = { event, position, skipped: record === 'skipped' };
    if (this.triesAsOneStatement([entry], asOneStatement)) {
      const inOne = await this.handleBatchAsOneStatement(consumer, [entry], (_entry, manager) =>
        work(manager),
      );
      if (inOne) return inOne[0]!;
    }
    return this.transactions.run(async (manager) => {
      const { sql, parameters } = withParameters((param) =>
        insertRowsSql(param, consumer, [entry], 'recorded'),
      );
      const inserted: unknown[] = await manager.query(sql, parameters);
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
  async handleBatchOnce<T extends BatchEntry>(
    consumer: string,
    entries: readonly T[],
    work: (entry: T, manager: EntityManager) => Promise<void>,
    { asOneStatement }: HandlingOptions = {},
  ): Promise<InboxOutcome[]> {
    if (this.triesAsOneStatement(entries, asOneStatement)) {
      const inOne = await this.handleBatchAsOneStatement(consumer, entries, work);
      if (inOne) return inOne;
    }
    return this.transactions.run(async (manager) => {
      const { sql, parameters } = withParameters((param) =>
        insertRowsSql(param, consumer, entries, 'recorded'),
      );
      const inserted: Array<{ event_id: string }> = await manager.query(sql, parameters);
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

  /**
   * The batch as one statement, no transaction: the inbox rows inserted with no ON CONFLICT, and
   * what the handlers collected. An id seen before (a redelivery, a replica still handling it, a
   * skipped row to upgrade) fails the whole statement on the inbox's key, with nothing written
   * (an id twice in the batch is never tried: triesAsOneStatement). Null, having written nothing,
   * when the batch needs a transaction after all (that, or a handler asking for more than
   * collectors): the caller then takes it the usual way, sorting out what is new.
   */
  private async handleBatchAsOneStatement<T extends BatchEntry>(
    consumer: string,
    entries: readonly T[],
    work: (entry: T, manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome[] | null> {
    try {
      const done = await this.transactions.runAsOneStatement(
        (statement) => statement.add((param) => insertRowsSql(param, consumer, entries, 'fails')),
        async () => {
          for (const entry of entries) await work(entry, this.transactions.manager);
          this.noteCommitted(entries);
        },
      );
      return done && entries.map((e) => (e.skipped ? 'skipped' : 'handled'));
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }
}

/**
 * `asOneStatement`: the events' handlers write only through collectors (their `@EventPattern`s
 * carry COLLECTS_ITS_WRITES), so the events are first tried as ONE statement with their inbox rows.
 */
export interface HandlingOptions {
  asOneStatement?: boolean;
}

type BatchEntry = { event: EventEnvelope; position: DeliveryPosition; skipped?: boolean };

const UNIQUE_VIOLATION = '23505';

/**
 * The entries' inbox rows as one INSERT, one array parameter per column whatever their count.
 * `recorded`: an id there already is a duplicate (left out of RETURNING) unless it was only skipped
 * (RECORD); DISTINCT ON keeps an id's first appearance, as ON CONFLICT DO UPDATE may not touch a
 * row twice in one statement. `fails`: an id there already fails the statement (23505).
 */
function insertRowsSql(
  param: Param,
  consumer: string,
  entries: readonly BatchEntry[],
  conflict: 'recorded' | 'fails',
): string {
  const recorded = conflict === 'recorded';
  return `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, outcome)
    SELECT ${recorded ? 'DISTINCT ON (e.id) ' : ''}${param(consumer)}, e.id, e.type, e.topic, e.part, e.off, e.outcome
    FROM unnest(${param(entries.map((e) => e.event.id))}::uuid[], ${param(entries.map((e) => e.event.type))}::text[],
      ${param(entries.map((e) => e.position.topic))}::text[], ${param(entries.map((e) => e.position.partition))}::int[],
      ${param(entries.map((e) => e.position.offset))}::bigint[],
      ${param(entries.map((e) => (e.skipped ? 'skipped' : 'handled')))}::text[])
      WITH ORDINALITY AS e(id, type, topic, part, off, outcome, n)
    ${recorded ? `ORDER BY e.id, e.n ${RECORD}` : ''}`;
}
