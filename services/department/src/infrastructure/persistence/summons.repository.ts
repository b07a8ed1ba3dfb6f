import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { Summons, SummonsStatus } from '../../domain/summons';
import { caseWithin, DepartmentSql } from './schema';
import { summonsOfRow } from './summons-rows';

export interface SummonsFilter {
  departmentId: string;
  status?: SummonsStatus;
  limit: number;
  /** Only summons whose case lies at this center or below it (its known center path holds it). */
  within?: string;
}

/**
 * Reads of summons (their writes are SummonsStore's): typed queries, rows checked by the
 * summons' row schema. Through the ambient transaction when there is one.
 */
@Injectable()
export class SummonsRepository {
  constructor(private readonly sql: DepartmentSql) {}

  async find(id: string): Promise<Summons | null> {
    const row = await this.sql.db.selectFrom('summons').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? summonsOfRow(row) : null;
  }

  /** A department's inbox, newest first; with `within`, only summons of cases at or below that center. */
  async list(filter: SummonsFilter): Promise<Summons[]> {
    let query = this.sql.db
      .selectFrom('summons as s')
      .selectAll('s')
      .where('s.department_id', '=', filter.departmentId);
    if (filter.status) query = query.where('s.status', '=', filter.status);
    if (filter.within) query = query.where(caseWithin(sql.ref('s.case_id'), filter.within));
    const rows = await query
      .orderBy('s.notified_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(summonsOfRow);
  }

  /** The center of a whistle, from any summons of it already received (a reassignment does not carry it). */
  async centerOfWhistle(whistleId: string): Promise<string | null> {
    const row = await this.sql.db
      .selectFrom('summons')
      .select('center_id')
      .where('whistle_id', '=', whistleId)
      .orderBy('notified_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    return row?.center_id ?? null;
  }
}
