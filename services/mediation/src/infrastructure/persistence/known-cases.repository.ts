import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { MediationSql } from './schema';

export interface KnownCase {
  caseId: string;
  caseNo: string;
  centerId: string;
  /** District → town → village; null for cases learnt before the path was kept. */
  centerPath: string[] | null;
  parties: string[];
}

const knownCaseRow = z.object({
  case_id: z.string(),
  case_no: z.string(),
  center_id: z.string(),
  center_path: z.array(z.string()).nullable(),
  parties: z.array(z.string()),
});

/** Mediation's copy of the cases (from CaseRegistered): who must sign, and whose center. */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly sql: MediationSql) {}

  async upsert(known: KnownCase): Promise<void> {
    const row = {
      case_id: known.caseId,
      case_no: known.caseNo,
      center_id: known.centerId,
      parties: known.parties,
      center_path: known.centerPath,
    };
    await this.sql.db
      .insertInto('known_cases')
      .values(row)
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet({
          case_no: row.case_no,
          center_id: row.center_id,
          parties: row.parties,
          center_path: row.center_path,
        }),
      )
      .execute();
  }

  /** A referral's receiving center (CaseReferred): whose supervisors may step in from now on. */
  async moveTo(caseId: string, centerId: string, centerPath: string[]): Promise<void> {
    await this.sql.db
      .updateTable('known_cases')
      .set({ center_id: centerId, center_path: centerPath })
      .where('case_id', '=', caseId)
      .execute();
  }

  async find(caseId: string): Promise<KnownCase | null> {
    const row = await this.sql.db
      .selectFrom('known_cases')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) return null;
    const r = knownCaseRow.parse(row);
    return {
      caseId: r.case_id,
      caseNo: r.case_no,
      centerId: r.center_id,
      centerPath: r.center_path,
      parties: r.parties,
    };
  }
}
