import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DepartmentSql } from './schema';

const centerPathRow = z.object({ center_path: z.array(z.string()) });

/**
 * Where each case sits in the center tree, from intake's CaseRegistered: the only place the
 * department learns a case's center path (a whistle names just the center that blew it). Reads
 * scoped by it use schema.ts' `caseWithin`.
 */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly sql: DepartmentSql) {}

  async upsert(caseId: string, centerId: string, centerPath: readonly string[]): Promise<void> {
    await this.sql.db
      .insertInto('known_cases')
      .values({ case_id: caseId, center_id: centerId, center_path: [...centerPath] })
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet((eb) => ({
          center_id: eb.ref('excluded.center_id'),
          center_path: eb.ref('excluded.center_path'),
        })),
      )
      .execute();
  }

  /** Null while the case's registration has not been seen. */
  async centerPath(caseId: string): Promise<string[] | null> {
    const row = await this.sql.db
      .selectFrom('known_cases')
      .select('center_path')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row ? centerPathRow.parse(row).center_path : null;
  }
}
