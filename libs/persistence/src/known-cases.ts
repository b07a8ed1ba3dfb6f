import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Kysely } from 'kysely';
import { latestByKey } from './cte-statement';
import { TransactionHost } from './transaction-host';
import { typedSql } from './typed-sql';

/**
 * The `known_cases` table of a service that needs of a case only where it sits in the center tree
 * (district → town → village), learnt from intake's CaseRegistered: what keeps a reader's reads
 * within their centers, or picks whom an escalation reaches. A service that keeps more of a case
 * (dispatch, mediation) has its own table instead.
 */
export interface KnownCasesTable {
  case_id: string;
  center_id: string;
  center_path: string[];
}

/** The table's statement, for the service's migration (`knownCasesMigration` or a larger one). */
export const createKnownCasesTable = `
      CREATE TABLE known_cases (
        case_id uuid PRIMARY KEY,
        center_id text NOT NULL,
        center_path text[] NOT NULL
      )`;

/** A migration that creates only the table, under the service's own migration name. */
export function knownCasesMigration(name: string): new () => MigrationInterface {
  return class KnownCasesMigration implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(createKnownCasesTable);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('DROP TABLE known_cases');
    }
  };
}

/** What a case's registration says of where it sits (CaseRegistered's caseId and center). */
export interface CaseRegistration {
  caseId: string;
  payload: { center: { id: string; path: readonly string[] } };
}

interface Placement {
  caseId: string;
  centerId: string;
  centerPath: readonly string[];
}

/** Placements waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_PLACEMENTS = Symbol('known-case placements');

/**
 * Where each case sits (the service's `known_cases`), on the ambient transaction. A service
 * provides it with a factory over its TransactionHost; nothing else of the case is kept.
 */
export class KnownCaseCenters {
  private readonly db: Kysely<{ known_cases: KnownCasesTable }>;

  constructor(private readonly transactions: TransactionHost) {
    this.db = typedSql<{ known_cases: KnownCasesTable }>(transactions);
  }

  /**
   * Keeps the case's center from its registration, in the event's inbox transaction when there is
   * one (so a redelivery changes nothing), at once otherwise. Written with the other centers of
   * the transaction in one upsert as it ends (collectIntoStatement), so a consumer's batch of
   * cases can be one statement with its inbox rows.
   */
  learn(event: CaseRegistration): Promise<void> {
    const { center } = event.payload;
    return this.placeAtCommit({ caseId: event.caseId, centerId: center.id, centerPath: center.path });
  }

  /**
   * A referral's receiving center (CaseReferred: up to the parent, or handed down), in the
   * event's inbox transaction: the case is that center's from then on.
   */
  moveTo(event: { caseId: string; payload: { to: { id: string; path: readonly string[] } } }): Promise<void> {
    const { to } = event.payload;
    return this.placeAtCommit({ caseId: event.caseId, centerId: to.id, centerPath: to.path });
  }

  /**
   * A later placement of the same case (redelivered, referred) replaces the center: of a
   * transaction's placements of one case the last is written (one upsert may not touch a row twice).
   */
  private placeAtCommit(placement: Placement): Promise<void> {
    return this.transactions.collectIntoStatement(PENDING_PLACEMENTS, placement, (statement, all) => {
      const rows = latestByKey(all, (p) => p.caseId).map((p) => ({
        case_id: p.caseId,
        center_id: p.centerId,
        center_path: [...p.centerPath],
      }));
      statement.addCompiled(
        this.db
          .insertInto('known_cases')
          .values(rows)
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({
              center_id: eb.ref('excluded.center_id'),
              center_path: eb.ref('excluded.center_path'),
            })),
          )
          .compile(),
      );
    });
  }

  /** Null while the case's registration has not been seen. */
  async centerPath(caseId: string): Promise<string[] | null> {
    const row = await this.db
      .selectFrom('known_cases')
      .select('center_path')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row?.center_path ?? null;
  }
}

/** The Nest provider of `KnownCaseCenters` (a plain object: this library has no Nest dependency). */
export const knownCaseCentersProvider = {
  provide: KnownCaseCenters,
  useFactory: (transactions: TransactionHost) => new KnownCaseCenters(transactions),
  inject: [TransactionHost],
};
