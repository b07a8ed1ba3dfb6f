import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { caseWithin, DepartmentSql } from './schema';

export interface StreamEntry {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

const streamEntryRow = z.object({
  id: z.string(),
  event: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The per-department live stream, read by id. It is appended in the transaction of what caused
 * it, with the trigger's notifications (TriggerWrites).
 */
@Injectable()
export class StreamEntriesRepository {
  constructor(private readonly sql: DepartmentSql) {}

  /** With `within`, only entries whose case lies at that center or below it. */
  async after(
    departmentId: string,
    afterId: string,
    limit: number,
    within: string | null = null,
  ): Promise<StreamEntry[]> {
    let query = this.sql.db
      .selectFrom('stream_entries')
      .select([sql<string>`id::text`.as('id'), 'event', 'data'])
      .where('department_id', '=', departmentId)
      .where(sql<boolean>`id > ${afterId}::bigint`);
    if (within !== null) query = query.where(caseWithin(sql`(data->>'caseId')::uuid`, within));
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map((row) => streamEntryRow.parse(row));
  }
}
