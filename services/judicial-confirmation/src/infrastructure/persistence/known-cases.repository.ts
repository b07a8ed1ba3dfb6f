import { Injectable } from '@nestjs/common';
import { JudicialSql } from './schema';

/** Where each case sits in the center tree, from intake's CaseRegistered (nothing else of it is kept). */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly sql: JudicialSql) {}

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
    return row?.center_path ?? null;
  }
}
