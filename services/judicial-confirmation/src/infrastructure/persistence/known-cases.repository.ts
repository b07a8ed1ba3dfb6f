import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';

/** Where each case sits in the center tree, from intake's CaseRegistered (nothing else of it is kept). */
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
