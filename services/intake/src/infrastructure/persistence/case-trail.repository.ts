import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { CaseTrailEntry } from '../../domain/case-trail';
import { CaseTrailEntity } from './entities';

/** The `case_trail` table: one row per event id, however often the event is delivered. */
@Injectable()
export class CaseTrailRepository {
  constructor(private readonly transactions: TransactionHost) {}

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
