import { Injectable } from '@nestjs/common';
import { latestByKey } from '@chuishao/persistence';
import { z } from 'zod';
import type { CaseToWhistle } from '../../domain/whistle.decider';
import type { KnownCase } from '../../domain/known-case';
import { DispatchSql } from './schema';
import { knownCaseOf } from './whistle-rows';

const whistleFacts = z.object({
  has_open_whistle: z.boolean(),
  rule_department_kinds: z.array(z.string()).nullable(),
});

/** Registrations waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_REGISTRATIONS = Symbol('case registrations');

/** Dispatch's copy of the cases, kept from intake's events, and the read a whistle starts with. */
@Injectable()
export class KnownCasesRepository {
  constructor(private readonly sql: DispatchSql) {}

  /**
   * Records a registered case with the transaction's others, in one upsert as it ends (so a
   * consumer's batch of cases can be one statement with its inbox rows): a redelivered or late
   * CaseRegistered refreshes the details but never reopens a case already closed (a new row
   * starts open). Of one case's registrations in a transaction, the last is written.
   */
  recordRegistered(known: Omit<KnownCase, 'closed'>): Promise<void> {
    return this.sql.transactions.collectIntoStatement(PENDING_REGISTRATIONS, known, (statement, all) => {
      const rows = latestByKey(all, (k) => k.caseId).map((k) => ({
        case_id: k.caseId,
        case_no: k.caseNo,
        center_id: k.centerId,
        center_path: k.centerPath,
        dispute_type: k.disputeType,
        urgency: k.urgency,
        closed: false,
      }));
      statement.addCompiled(
        this.sql.db
          .insertInto('known_cases')
          .values(rows)
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({
              case_no: eb.ref('excluded.case_no'),
              center_id: eb.ref('excluded.center_id'),
              center_path: eb.ref('excluded.center_path'),
              dispute_type: eb.ref('excluded.dispute_type'),
              urgency: eb.ref('excluded.urgency'),
            })),
          )
          .compile(),
      );
    });
  }

  /** The case's new center after a referral; answers whether dispatch knew the case. */
  async moveTo(caseId: string, centerId: string, centerPath: string[]): Promise<boolean> {
    await this.sql.transactions.sendCollectedNow(PENDING_REGISTRATIONS); // a registration of the batch first
    const result = await this.sql.db
      .updateTable('known_cases')
      .set({ center_id: centerId, center_path: centerPath })
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return (result.numUpdatedRows ?? 0n) > 0n;
  }

  /** Closed (CaseClosed) or open again (CaseReopened); answers whether dispatch knew the case. */
  async markClosed(caseId: string, closed = true): Promise<boolean> {
    await this.sql.transactions.sendCollectedNow(PENDING_REGISTRATIONS);
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
