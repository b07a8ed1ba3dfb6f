import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Agreement, Mediation, MediationSession, PerformanceRecord } from '../../domain/mediation';
import { agreementOfRow, mediationOfRow, performanceOfRow, sessionOfRow } from './mediation-rows';
import { MediationSql } from './schema';

const caseNoColumn = z.object({ known_case_no: z.string().nullable() });

/** Reads without locks, for the HTTP layer and the scope checks (writes go through MediationStore). */
@Injectable()
export class MediationRepository {
  constructor(private readonly sql: MediationSql) {}

  async findMediation(id: string): Promise<Mediation | null> {
    const row = await this.sql.db
      .selectFrom('mediations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? mediationOfRow(row) : null;
  }

  async mediationsOfCase(caseId: string): Promise<Mediation[]> {
    const rows = await this.sql.db
      .selectFrom('mediations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('opened_at')
      .orderBy('id')
      .execute();
    return rows.map(mediationOfRow);
  }

  /**
   * A mediator's desk: the mediations in their charge and those no mediator has taken yet
   * (`mediatorId` null: everyone's), newest first, each with its case number. `withinCenter`: only
   * cases with that center on their path (a case not yet known has none, so it is left out).
   */
  async mediationsFor(filter: {
    mediatorId: string | null;
    withinCenter?: string | null;
    state?: string;
    limit: number;
  }): Promise<Array<{ mediation: Mediation; caseNo: string | null }>> {
    const { mediatorId, withinCenter, state } = filter;
    let query = this.sql.db
      .selectFrom('mediations as m')
      .leftJoin('known_cases as k', 'k.case_id', 'm.case_id')
      .selectAll('m')
      .select('k.case_no as known_case_no');
    if (mediatorId !== null)
      query = query.where((eb) =>
        eb.or([eb('m.mediator_id', '=', mediatorId), eb('m.mediator_id', 'is', null)]),
      );
    if (state !== undefined) query = query.where('m.state', '=', state);
    if (withinCenter !== undefined && withinCenter !== null)
      query = query.where(sql<boolean>`${withinCenter} = ANY(k.center_path)`);
    const rows = await query
      .orderBy('m.opened_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map((row) => ({
      mediation: mediationOfRow(row),
      caseNo: caseNoColumn.parse(row).known_case_no,
    }));
  }

  async sessionsOf(mediationId: string): Promise<MediationSession[]> {
    const rows = await this.sql.db
      .selectFrom('mediation_sessions')
      .selectAll()
      .where('mediation_id', '=', mediationId)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map(sessionOfRow);
  }

  async findAgreement(mediationId: string): Promise<Agreement | null> {
    const row = await this.sql.db
      .selectFrom('agreements')
      .selectAll()
      .where('mediation_id', '=', mediationId)
      .executeTakeFirst();
    return row ? agreementOfRow(row) : null;
  }

  /** The checks of the agreement's performance, oldest first. */
  async performanceOf(mediationId: string): Promise<PerformanceRecord[]> {
    const rows = await this.sql.db
      .selectFrom('agreement_performance_records')
      .selectAll()
      .where('mediation_id', '=', mediationId)
      .orderBy('seq')
      .execute();
    return rows.map(performanceOfRow);
  }
}
