import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';

/**
 * Where each case sits in the center tree, from intake's CaseRegistered: the only place the
 * department learns a case's center path (a whistle names just the center that blew it).
 */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly transactions: TransactionHost) {}

  async upsert(caseId: string, centerId: string, centerPath: readonly string[]): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO known_cases (case_id, center_id, center_path) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET center_id = EXCLUDED.center_id, center_path = EXCLUDED.center_path`,
      [caseId, centerId, [...centerPath]],
    );
  }

  /** Null while the case's registration has not been seen. */
  async centerPath(caseId: string): Promise<string[] | null> {
    const rows: Array<{ center_path: string[] }> = await this.transactions.manager.query(
      'SELECT center_path FROM known_cases WHERE case_id = $1',
      [caseId],
    );
    return rows[0]?.center_path ?? null;
  }
}

/**
 * The SQL condition "the case of `caseIdSql` lies within center `$n`": its known path holds that
 * center. A case whose registration was not seen has no path and is left out.
 */
export function caseWithinSql(caseIdSql: string, centerParameter: string): string {
  return `EXISTS (SELECT 1 FROM known_cases k WHERE k.case_id = ${caseIdSql} AND ${centerParameter} = ANY(k.center_path))`;
}
