import { Injectable } from '@nestjs/common';
import { latestByKey } from '@chuishao/persistence';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  HolidayScheduleRepository,
  schedulesOfJson,
  type LoadedSchedule,
} from './holiday-schedule.repository';
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

function knownCaseOf(row: unknown): KnownCase {
  const r = knownCaseRow.parse(row);
  return {
    caseId: r.case_id,
    caseNo: r.case_no,
    centerId: r.center_id,
    centerPath: r.center_path,
    parties: r.parties,
  };
}

/** Cases waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_CASES = Symbol('registered cases');

/** Mediation's copy of the cases (from CaseRegistered): who must sign, and whose center. */
@Injectable()
export class KnownCasesRepository {
  constructor(
    private readonly sql: MediationSql,
    private readonly schedules: HolidayScheduleRepository,
  ) {}

  /**
   * Keeps a registered case with the transaction's others, in one upsert as it ends (so a
   * consumer's batch of cases can be one statement with its inbox rows); a later registration of
   * the case replaces what was kept, and of one case's in a transaction the last is written.
   */
  upsert(known: KnownCase): Promise<void> {
    return this.sql.transactions.collectIntoStatement(PENDING_CASES, known, (statement, all) => {
      const rows = latestByKey(all, (k) => k.caseId).map((k) => ({
        case_id: k.caseId,
        case_no: k.caseNo,
        center_id: k.centerId,
        parties: k.parties,
        center_path: k.centerPath,
      }));
      statement.addCompiled(
        this.sql.db
          .insertInto('known_cases')
          .values(rows)
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({
              case_no: eb.ref('excluded.case_no'),
              center_id: eb.ref('excluded.center_id'),
              parties: eb.ref('excluded.parties'),
              center_path: eb.ref('excluded.center_path'),
            })),
          )
          .compile(),
      );
    });
  }

  /** A referral's receiving center (CaseReferred): whose supervisors may step in from now on. */
  async moveTo(caseId: string, centerId: string, centerPath: string[]): Promise<void> {
    await this.sql.transactions.sendCollectedNow(PENDING_CASES); // a registration of the batch first
    await this.sql.db
      .updateTable('known_cases')
      .set({ center_id: centerId, center_path: centerPath })
      .where('case_id', '=', caseId)
      .execute();
  }

  async find(caseId: string): Promise<KnownCase | null> {
    await this.sql.transactions.sendCollectedNow(PENDING_CASES);
    const row = await this.sql.db
      .selectFrom('known_cases')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row ? knownCaseOf(row) : null;
  }

  /**
   * `find`, and in the same statement the holiday schedules ops loaded (oldest year first): an
   * opening needs both, the case for its center's mediator and the calendar for its deadlines.
   * The schedules are remembered (HolidayScheduleRepository) for openings that cannot read.
   */
  async findWithSchedules(caseId: string): Promise<{ known: KnownCase | null; schedules: LoadedSchedule[] }> {
    await this.sql.transactions.sendCollectedNow(PENDING_CASES);
    const { rows } = await sql<{ known: unknown; schedules: unknown }>`SELECT
        (SELECT to_jsonb(k) FROM known_cases k WHERE k.case_id = ${caseId}) AS known,
        (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.year), '[]'::jsonb) FROM holiday_schedules h) AS schedules`.execute(
      this.sql.db,
    );
    const [row] = rows;
    return {
      known: row?.known ? knownCaseOf(row.known) : null,
      schedules: this.schedules.remember(schedulesOfJson(row?.schedules ?? [])),
    };
  }
}
