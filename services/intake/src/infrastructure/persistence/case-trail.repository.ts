import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { CaseTrailEntry } from '../../domain/case-trail';
import { CaseTrailEntity } from './entities';

interface Queued {
  entry: CaseTrailEntry;
  whenDuplicate: () => void;
}

/** The `case_trail` table: one row per event id, however often the event is delivered. */
/** Entries waiting for the end of their transaction (TransactionHost.collectBeforeCommit). */
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
  async recordAtCommit(entry: CaseTrailEntry, whenDuplicate: () => void): Promise<void> {
    if (!this.transactions.inTransaction) {
      if (!(await this.record(entry))) whenDuplicate();
      return;
    }
    await this.transactions.collectBeforeCommit<Queued>(
      PENDING_TRAIL,
      { entry, whenDuplicate },
      (manager, queued) => this.insertAll(manager, queued),
    );
  }

  private async insertAll(manager: EntityManager, queued: Queued[]): Promise<void> {
    const entries = queued.map((q) => q.entry);
    const inserted: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO case_trail (event_id, case_id, type, version, topic, occurred_at, actor_role, actor_id,
                               correlation_id, causation_id, summary)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::timestamptz[],
                            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        entries.map((e) => e.eventId),
        entries.map((e) => e.caseId),
        entries.map((e) => e.type),
        entries.map((e) => e.version),
        entries.map((e) => e.topic),
        entries.map((e) => e.occurredAt),
        entries.map((e) => e.actor.role),
        entries.map((e) => e.actor.id),
        entries.map((e) => e.correlationId),
        entries.map((e) => e.causationId),
        entries.map((e) => e.summary),
      ],
    );
    // uuid comes back lower-case; an event queued twice is new at its first appearance only.
    const added = new Set(inserted.map((row) => row.event_id));
    for (const { entry, whenDuplicate } of queued) {
      if (!added.delete(entry.eventId.toLowerCase())) whenDuplicate();
    }
  }

  /** Records the entry unless its event is already there; answers whether it was new. */
  async record(entry: CaseTrailEntry): Promise<boolean> {
    const inserted: unknown[] = await this.transactions.manager.query(
      `INSERT INTO case_trail (event_id, case_id, type, version, topic, occurred_at, actor_role, actor_id,
                               correlation_id, causation_id, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        entry.eventId,
        entry.caseId,
        entry.type,
        entry.version,
        entry.topic,
        entry.occurredAt,
        entry.actor.role,
        entry.actor.id,
        entry.correlationId,
        entry.causationId,
        entry.summary,
      ],
    );
    return inserted.length > 0;
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
