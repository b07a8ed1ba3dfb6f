import { Injectable } from '@nestjs/common';
import type { MediationApproachLevel, MediationTierLevel } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type {
  Agreement,
  AgreementContent,
  LevelStint,
  Mediation,
  MediationSession,
  MediationState,
  OpenedBy,
} from '../../domain/mediation';

export interface KnownCase {
  caseId: string;
  caseNo: string;
  centerId: string;
  /** District → town → village; null for cases learnt before the path was kept. */
  centerPath: string[] | null;
  parties: string[];
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

interface StoredStint {
  level: MediationTierLevel;
  startedAt: string;
  dueAt: string;
  missedAt: string | null;
}

function toMediation(r: Row): Mediation {
  return {
    id: r.id as string,
    caseId: r.case_id as string,
    whistleId: (r.whistle_id as string | null) ?? null,
    openedBy: r.opened_by as OpenedBy,
    mediatorId: (r.mediator_id as string | null) ?? null,
    participants: r.participants as string[],
    state: r.state as MediationState,
    levels: (r.levels as StoredStint[]).map((s): LevelStint => ({
      level: s.level,
      startedAt: new Date(s.startedAt),
      dueAt: new Date(s.dueAt),
      missedAt: date(s.missedAt),
    })),
    sessionCount: r.session_count as number,
    openedAt: date(r.opened_at)!,
    timeLimitDueAt: date(r.time_limit_due_at),
    timeLimitMissedAt: date(r.time_limit_missed_at),
    closedAt: date(r.closed_at),
    failure: (r.failure as Mediation['failure']) ?? null,
    agreementId: (r.agreement_id as string | null) ?? null,
  };
}

function toSession(r: Row): MediationSession {
  return {
    id: r.id as string,
    mediationId: r.mediation_id as string,
    mediatorId: r.mediator_id as string,
    startedAt: date(r.started_at)!,
    endedAt: date(r.ended_at)!,
    participants: r.participants as string[],
    approachLevel: r.approach_level as MediationApproachLevel,
    tierLevel: r.tier_level as MediationTierLevel,
    notes: (r.notes as string | null) ?? null,
    recordedAt: date(r.recorded_at)!,
  };
}

interface StoredContent extends Omit<
  AgreementContent,
  'performance' | 'partySignatures' | 'mediatorSignature'
> {
  performance: { manner: string; deadline: string | null };
  partySignatures: Array<{ party: string; signedAt: string }>;
  mediatorSignature: { mediator: string; signedAt: string };
}

function toAgreement(r: Row): Agreement {
  const c = r.content as StoredContent;
  return {
    ...c,
    performance: { manner: c.performance.manner, deadline: date(c.performance.deadline) },
    partySignatures: c.partySignatures.map((s) => ({ party: s.party, signedAt: new Date(s.signedAt) })),
    mediatorSignature: {
      mediator: c.mediatorSignature.mediator,
      signedAt: new Date(c.mediatorSignature.signedAt),
    },
    id: r.id as string,
    mediationId: r.mediation_id as string,
    caseId: r.case_id as string,
    effectiveAt: date(r.effective_at)!,
    recordedAt: date(r.recorded_at)!,
  };
}

@Injectable()
export class MediationRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async upsertKnownCase(known: KnownCase): Promise<void> {
    await this.manager.query(
      `INSERT INTO known_cases (case_id, case_no, center_id, parties, center_path) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO UPDATE SET case_no = EXCLUDED.case_no, center_id = EXCLUDED.center_id,
         parties = EXCLUDED.parties, center_path = EXCLUDED.center_path`,
      [known.caseId, known.caseNo, known.centerId, known.parties, known.centerPath],
    );
  }

  async findKnownCase(caseId: string): Promise<KnownCase | null> {
    const rows: Row[] = await this.manager.query('SELECT * FROM known_cases WHERE case_id = $1', [caseId]);
    const r = rows[0];
    return r
      ? {
          caseId: r.case_id as string,
          caseNo: r.case_no as string,
          centerId: r.center_id as string,
          centerPath: (r.center_path as string[] | null) ?? null,
          parties: r.parties as string[],
        }
      : null;
  }

  /**
   * Inserts a new mediation; false when the whistle already opened one or the case already has an
   * open one (the unique indexes decide, so two racing openings cannot both win).
   */
  async insertMediation(m: Mediation): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO mediations (id, case_id, whistle_id, opened_by, mediator_id, participants, state, levels,
         session_count, opened_at, closed_at, failure, agreement_id, time_limit_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        m.id,
        m.caseId,
        m.whistleId,
        m.openedBy,
        m.mediatorId,
        m.participants,
        m.state,
        JSON.stringify(m.levels),
        m.sessionCount,
        m.openedAt,
        m.closedAt,
        m.failure ? JSON.stringify(m.failure) : null,
        m.agreementId,
        m.timeLimitDueAt,
      ],
    );
    return rows.length === 1;
  }

  /** Writes what changes over a mediation's life. */
  async saveMediation(m: Mediation): Promise<void> {
    await this.manager.query(
      `UPDATE mediations SET mediator_id = $2, participants = $3, state = $4, levels = $5, session_count = $6,
         closed_at = $7, failure = $8, agreement_id = $9, time_limit_missed_at = $10
       WHERE id = $1`,
      [
        m.id,
        m.mediatorId,
        m.participants,
        m.state,
        JSON.stringify(m.levels),
        m.sessionCount,
        m.closedAt,
        m.failure ? JSON.stringify(m.failure) : null,
        m.agreementId,
        m.timeLimitMissedAt,
      ],
    );
  }

  async findMediation(id: string, options: { lock?: boolean } = {}): Promise<Mediation | null> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM mediations WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toMediation(rows[0]) : null;
  }

  async openMediationOfCase(caseId: string): Promise<Mediation | null> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM mediations WHERE case_id = $1 AND state = 'open'`,
      [caseId],
    );
    return rows[0] ? toMediation(rows[0]) : null;
  }

  async mediationsOfCase(caseId: string): Promise<Mediation[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM mediations WHERE case_id = $1 ORDER BY opened_at, id',
      [caseId],
    );
    return rows.map(toMediation);
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
    const rows: Row[] = await this.manager.query(
      `SELECT m.*, k.case_no AS known_case_no FROM mediations m LEFT JOIN known_cases k ON k.case_id = m.case_id
       WHERE ($1::text IS NULL OR m.mediator_id = $1 OR m.mediator_id IS NULL) AND ($2::text IS NULL OR m.state = $2)
         AND ($4::text IS NULL OR $4 = ANY(k.center_path))
       ORDER BY m.opened_at DESC, m.id DESC LIMIT $3`,
      [filter.mediatorId, filter.state ?? null, filter.limit, filter.withinCenter ?? null],
    );
    return rows.map((r) => ({
      mediation: toMediation(r),
      caseNo: (r.known_case_no as string | null) ?? null,
    }));
  }

  async insertSession(s: MediationSession): Promise<void> {
    await this.manager.query(
      `INSERT INTO mediation_sessions (id, mediation_id, mediator_id, started_at, ended_at, participants,
         approach_level, tier_level, notes, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        s.id,
        s.mediationId,
        s.mediatorId,
        s.startedAt,
        s.endedAt,
        s.participants,
        s.approachLevel,
        s.tierLevel,
        s.notes,
        s.recordedAt,
      ],
    );
  }

  async sessionsOf(mediationId: string): Promise<MediationSession[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM mediation_sessions WHERE mediation_id = $1 ORDER BY started_at, id',
      [mediationId],
    );
    return rows.map(toSession);
  }

  async insertAgreement(a: Agreement): Promise<void> {
    const { id, mediationId, caseId, effectiveAt, recordedAt, ...content } = a;
    await this.manager.query(
      `INSERT INTO agreements (id, mediation_id, case_id, content, effective_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, mediationId, caseId, JSON.stringify(content), effectiveAt, recordedAt],
    );
  }

  async findAgreement(mediationId: string): Promise<Agreement | null> {
    const rows: Row[] = await this.manager.query('SELECT * FROM agreements WHERE mediation_id = $1', [
      mediationId,
    ]);
    return rows[0] ? toAgreement(rows[0]) : null;
  }
}
