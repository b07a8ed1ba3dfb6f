import { Injectable } from '@nestjs/common';
import { TransactionHost, type CteStatement } from '@chuishao/persistence';
import type { CaseTrailEntry } from '../../domain/case-trail';
import { CaseTrailEntity } from './entities';

interface Queued {
  entry: CaseTrailEntry;
  whenDuplicate: () => void;
}

/** The `case_trail` table: one row per event id, however often the event is delivered. */
/** Entries waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_TRAIL = Symbol('pending case-trail entries');

@Injectable()
export class CaseTrailRepository {
  constructor(private readonly transactions: TransactionHost) {}

  /**
   * Records the entry with every other entry of the ambient transaction, in one INSERT just
   * before it commits: the consumer hands a batch of events to the handlers in one transaction,
   * and a statement per event was most of intake's database time. `whenDuplicate` runs for an
   * entry whose event is already in the trail. Outside a transaction, records it at once.
   */
  recordAtCommit(entry: CaseTrailEntry, whenDuplicate: () => void): Promise<void> {
    return this.transactions.collectIntoStatement<Queued>(PENDING_TRAIL, { entry, whenDuplicate }, insertAll);
  }

  /** The case's entries in the order things happened (event ids, UUIDv7, break ties). */
  async forCase(caseId: string): Promise<CaseTrailEntry[]> {
    const rows = await this.transactions.manager.find(CaseTrailEntity, {
      where: { caseId },
      order: { occurredAt: 'ASC', eventId: 'ASC' },
    });
    return rows.map((r) => ({
      eventId: r.eventId,
      caseId: r.caseId,
      type: r.type,
      version: r.version,
      topic: r.topic,
      occurredAt: r.occurredAt,
      actor: { role: r.actorRole, id: r.actorId },
      correlationId: r.correlationId,
      causationId: r.causationId,
      summary: r.summary,
    }));
  }
}

/** The entries as one INSERT of the statement; an entry already in the trail is a duplicate. */
function insertAll(statement: CteStatement, queued: Queued[]): void {
  const entries = queued.map((q) => q.entry);
  const column = <T>(value: (e: CaseTrailEntry) => T) => entries.map(value);
  statement.add(
    (param) =>
      `INSERT INTO case_trail (event_id, case_id, type, version, topic, occurred_at, actor_role, actor_id,
                               correlation_id, causation_id, summary)
       SELECT * FROM unnest(${param(column((e) => e.eventId))}::uuid[], ${param(column((e) => e.caseId))}::uuid[],
         ${param(column((e) => e.type))}::text[], ${param(column((e) => e.version))}::int[],
         ${param(column((e) => e.topic))}::text[], ${param(column((e) => e.occurredAt))}::timestamptz[],
         ${param(column((e) => e.actor.role))}::text[], ${param(column((e) => e.actor.id))}::text[],
         ${param(column((e) => e.correlationId))}::text[], ${param(column((e) => e.causationId))}::text[],
         ${param(column((e) => e.summary))}::text[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
    (inserted) => {
      // uuid comes back lower-case; an event queued twice is new at its first appearance only.
      const added = new Set(inserted.map((row) => String(row.event_id)));
      for (const { entry, whenDuplicate } of queued) {
        if (!added.delete(entry.eventId.toLowerCase())) whenDuplicate();
      }
    },
  );
}
