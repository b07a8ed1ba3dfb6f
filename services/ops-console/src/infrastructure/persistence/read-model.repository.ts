import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import { sql, type NotNull, type Selectable } from 'kysely';
import type { CaseStatus } from '@chuishao/contracts';
import { foldChanges, type EventChanges, type TimelineEntry } from '../../domain/read-model-changes';
import type { SummonsFact } from '../../domain/scorecard';
import { inScope } from './board-read-model';
import { projectInto } from './projection-sql';
import { ConsoleSql, type CaseFilesTable } from './schema';

export type { TimelineEntry } from '../../domain/read-model-changes';
export type { BoardSummonsRow, BreachRow, EscalationRow } from './board-read-model';

/**
 * At most this many events per statement: a consumer batch is 50 by default; this only keeps a
 * larger CONSUMER_BATCH_SIZE under PostgreSQL's 65,535 parameters.
 */
const EVENTS_PER_STATEMENT = 200;

export interface CaseFile {
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  centerName: string | null;
  /** District → town → village; null until CaseRegistered is projected. */
  centerPath: readonly string[] | null;
  disputeType: string | null;
  urgency: string | null;
  summary: string | null;
  status: CaseStatus | null;
  registeredAt: Date | null;
  lastEventAt: Date;
}

/** Changes waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_CHANGES = Symbol('pending read-model changes');

@Injectable()
export class ReadModelRepository {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly sql: ConsoleSql,
  ) {}

  // ---- writes (inside the inbox transaction of the event) ----

  /**
   * Applies an event's changes with those of every other event of the ambient transaction,
   * folded together (domain/read-model-changes.ts), in one statement just before it commits
   * (each statement is a round trip and a socket write, the console's main cost under load; the
   * consumer hands a batch of events to the handlers in one transaction): timeline lines, what
   * they say of their cases, the status moves and the board rows. A status moves inside its case
   * row's upsert, which holds the row lock, so an event of the same case from another topic
   * cannot race it. Outside a transaction, applies it at once. A consumer's batch tried as one
   * statement (the console's Inbox option) sends it with the batch's inbox rows, no transaction.
   */
  projectAtCommit(changes: EventChanges): Promise<void> {
    return this.transactions.collectIntoStatement(
      PENDING_CHANGES,
      changes,
      (statement, pending) => projectInto(statement, foldChanges(pending)),
      EVENTS_PER_STATEMENT,
    );
  }

  // ---- reads ----

  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows = await this.sql.db
      .selectFrom('timeline_entries')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('occurred_at')
      .orderBy('event_id')
      .execute();
    return rows.map((r) => ({
      eventId: r.event_id,
      caseId: r.case_id,
      type: r.type,
      version: r.version,
      occurredAt: r.occurred_at,
      actorRole: r.actor_role,
      actorId: r.actor_id,
      summary: r.summary,
      facts: r.facts,
    }));
  }

  async caseFile(caseId: string): Promise<CaseFile | null> {
    const row = await this.sql.db
      .selectFrom('case_files')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row ? toCaseFile(row) : null;
  }

  /** Latest activity first; `within`: only cases with that center on their path. */
  async recentCases(limit: number, within: string | null = null): Promise<CaseFile[]> {
    const rows = await this.sql.db
      .selectFrom('case_files as c')
      .selectAll()
      .where(inScope(within))
      .orderBy('last_event_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toCaseFile);
  }

  /** One fact per summons made in [from, to), grouped by department or by the case's center. */
  async scorecardFacts(
    groupBy: 'department' | 'center',
    from: Date,
    to: Date,
    within: string | null = null,
  ): Promise<SummonsFact[]> {
    const group =
      groupBy === 'department'
        ? [sql<string>`s.department_id`, sql<string>`COALESCE(s.department_name, s.department_id)`]
        : [sql<string>`w.center_id`, sql<string>`COALESCE(c.center_name, w.center_id)`];
    const rows = await this.sql.db
      .selectFrom('summons as s')
      .innerJoin('whistles as w', 'w.whistle_id', 's.whistle_id')
      .leftJoin('case_files as c', 'c.case_id', 's.case_id')
      .select([group[0]!.as('group_id'), group[1]!.as('group_name')])
      .select(['s.case_id', 's.summoned_at', 's.deadline', 's.acknowledged_at', 's.arrived_at'])
      .select([
        's.declined_at',
        's.stood_down_at',
        'w.blown_at',
        'c.agreement_at',
        'c.mediation_failed_at',
        'c.confirmation',
      ])
      .where('s.summoned_at', '>=', from)
      .where('s.summoned_at', '<', to)
      .where('s.deadline', 'is not', null)
      .where('w.center_id', 'is not', null)
      .where('w.blown_at', 'is not', null)
      .where(inScope(within))
      .$narrowType<{ summoned_at: NotNull; deadline: NotNull; blown_at: NotNull }>()
      .execute();
    return rows.map((r) => ({
      groupId: r.group_id,
      groupName: r.group_name,
      caseId: r.case_id,
      summonedAt: r.summoned_at,
      deadline: r.deadline,
      acknowledgedAt: r.acknowledged_at,
      arrivedAt: r.arrived_at,
      declinedAt: r.declined_at,
      stoodDownAt: r.stood_down_at,
      whistleBlownAt: r.blown_at,
      agreementAt: r.agreement_at,
      mediationFailedAt: r.mediation_failed_at,
      confirmation: r.confirmation,
    }));
  }
}

function toCaseFile(r: Selectable<CaseFilesTable>): CaseFile {
  return {
    caseId: r.case_id,
    caseNo: r.case_no,
    centerId: r.center_id,
    centerName: r.center_name,
    centerPath: r.center_path,
    disputeType: r.dispute_type,
    urgency: r.urgency,
    summary: r.summary,
    status: r.status,
    registeredAt: r.registered_at,
    lastEventAt: r.last_event_at,
  };
}
