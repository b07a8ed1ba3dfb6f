import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DepartmentSql } from './schema';

/** What never changes about a summons: enough to build an answer's event before writing it. */
export interface SummonsFacts {
  id: string;
  caseId: string;
  whistleId: string;
  departmentId: string;
}

const factsRow = z.object({
  id: z.string(),
  case_id: z.string(),
  whistle_id: z.string(),
  department_id: z.string(),
});

/** Facts kept in memory: a few hundred bytes each, so a day's summons of a large district. */
const FACTS_KEPT = 20_000;

/**
 * The facts of summons, from memory or one read. They never change, so no lock and no
 * transaction is needed to read them, and a fact remembered from a transaction that rolled back
 * is harmless: it only lets an answer try its conditional UPDATE, which finds no row.
 */
@Injectable()
export class SummonsFactsCache {
  /** Oldest first (a Map keeps insertion order), so the oldest is dropped when it is full. */
  private readonly facts = new Map<string, SummonsFacts>();

  constructor(private readonly sql: DepartmentSql) {}

  /** Null if there is no such summons. */
  async of(id: string): Promise<SummonsFacts | null> {
    const known = this.facts.get(id.toLowerCase());
    if (known) return known;
    const row = await this.sql.db
      .selectFrom('summons')
      .select(['id', 'case_id', 'whistle_id', 'department_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const r = factsRow.parse(row);
    return this.remember({
      id: r.id,
      caseId: r.case_id,
      whistleId: r.whistle_id,
      departmentId: r.department_id,
    });
  }

  remember(facts: SummonsFacts): SummonsFacts {
    const kept: SummonsFacts = {
      id: facts.id,
      caseId: facts.caseId,
      whistleId: facts.whistleId,
      departmentId: facts.departmentId,
    };
    if (this.facts.size >= FACTS_KEPT) this.facts.delete(this.facts.keys().next().value as string);
    this.facts.set(kept.id.toLowerCase(), kept);
    return kept;
  }
}
