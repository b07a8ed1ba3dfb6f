import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { CaseToWhistle } from '../../domain/whistle.decider';
import type { KnownCase } from '../../domain/known-case';
import { DispatchSql } from './schema';
import { knownCaseOf } from './whistle-rows';

const whistleFacts = z.object({
  has_open_whistle: z.boolean(),
  rule_department_kinds: z.array(z.string()).nullable(),
});

/** Dispatch's copy of the cases, kept from intake's events, and the read a whistle starts with. */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly sql: DispatchSql) {}

  /**
   * Records a registered case, in one statement: a redelivered or late CaseRegistered refreshes
   * the details but never reopens a case already closed (a new row starts open).
   */
  async recordRegistered(known: Omit<KnownCase, 'closed'>): Promise<void> {
    const details = {
      case_no: known.caseNo,
      center_id: known.centerId,
      center_path: known.centerPath,
      dispute_type: known.disputeType,
      urgency: known.urgency,
    };
    await this.sql.db
      .insertInto('known_cases')
      .values({ case_id: known.caseId, ...details, closed: false })
      .onConflict((oc) => oc.column('case_id').doUpdateSet(details))
      .execute();
  }

  /** The case's new center after a referral; answers whether dispatch knew the case. */
  async moveTo(caseId: string, centerId: string, centerPath: string[]): Promise<boolean> {
    const result = await this.sql.db
      .updateTable('known_cases')
      .set({ center_id: centerId, center_path: centerPath })
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return (result.numUpdatedRows ?? 0n) > 0n;
  }

  /** Closed (CaseClosed) or open again (CaseReopened); answers whether dispatch knew the case. */
  async markClosed(caseId: string, closed = true): Promise<boolean> {
    const result = await this.sql.db
      .updateTable('known_cases')
      .set({ closed })
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return (result.numUpdatedRows ?? 0n) > 0n;
  }

  /**
   * Reads, in one round trip, all that blowing a whistle on the case needs: the case, whether it
   * has an open whistle, and its routing rule. Nothing is locked: WhistleStore.insert takes the
   * case's lock and checks the case is still as read, and its unique index catches a whistle
   * opened since.
   */
  async caseToWhistle(caseId: string): Promise<CaseToWhistle | null> {
    const row = await this.sql.db
      .selectFrom('known_cases as k')
      .leftJoin('routing_rules as r', 'r.dispute_type', 'k.dispute_type')
      .selectAll('k')
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('whistles as w')
              .select('w.id')
              .whereRef('w.case_id', '=', 'k.case_id')
              .where('w.status', '=', 'open'),
          )
          .as('has_open_whistle'),
        'r.department_kinds as rule_department_kinds',
      ])
      .where('k.case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) return null;
    const facts = whistleFacts.parse(row);
    return {
      ...knownCaseOf(row),
      hasOpenWhistle: facts.has_open_whistle,
      ruleDepartmentKinds: facts.rule_department_kinds,
    };
  }
}
