import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import type { OutboxWriter } from '@chuishao/messaging';
import type { ColumnsOf, Transition } from '@chuishao/kernel';
import { Parameters, TransactionHost, transitionSql } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { ArrivalLocation, Summons, SummonsChange, SummonsStatus } from '../../domain/summons';
import { SummonsEntity } from './entities';
import { caseWithinSql } from './known-cases.repository';

function toSummons(e: SummonsEntity): Summons {
  return {
    id: e.id,
    whistleId: e.whistleId,
    caseId: e.caseId,
    caseNo: e.caseNo,
    departmentId: e.departmentId,
    centerId: e.centerId,
    status: e.status as SummonsStatus,
    arrivalDeadline: e.arrivalDeadline,
    notifiedAt: e.notifiedAt,
    acknowledgedAt: e.acknowledgedAt,
    arrivedAt: e.arrivedAt,
    arrivalNote: e.arrivalNote,
    arrivalLocation: e.arrivalLocation,
    declinedAt: e.declinedAt,
    declineReason: e.declineReason,
  };
}

interface SummonsRow {
  id: string;
  whistle_id: string;
  case_id: string;
  case_no: string | null;
  department_id: string;
  center_id: string | null;
  status: SummonsStatus;
  arrival_deadline: Date;
  notified_at: Date;
  acknowledged_at: Date | null;
  arrived_at: Date | null;
  arrival_note: string | null;
  arrival_location: ArrivalLocation | null;
  declined_at: Date | null;
  decline_reason: string | null;
}

function fromRow(r: SummonsRow): Summons {
  return {
    id: r.id,
    whistleId: r.whistle_id,
    caseId: r.case_id,
    caseNo: r.case_no,
    departmentId: r.department_id,
    centerId: r.center_id,
    status: r.status,
    arrivalDeadline: r.arrival_deadline,
    notifiedAt: r.notified_at,
    acknowledgedAt: r.acknowledged_at,
    arrivedAt: r.arrived_at,
    arrivalNote: r.arrival_note,
    arrivalLocation: r.arrival_location,
    declinedAt: r.declined_at,
    declineReason: r.decline_reason,
  };
}

/** The columns a transition may write, by the domain's field names. */
const CHANGEABLE = {
  status: 'status',
  acknowledgedAt: 'acknowledged_at',
  arrivedAt: 'arrived_at',
  arrivalNote: 'arrival_note',
  arrivalLocation: 'arrival_location',
  declinedAt: 'declined_at',
  declineReason: 'decline_reason',
} as const satisfies ColumnsOf<Summons>;

/** A summons just stored, and whether the directory knows the department it summons. */
export interface StoredSummons {
  summons: Summons;
  departmentKnown: boolean;
}

export interface SummonsFilter {
  departmentId: string;
  status?: SummonsStatus;
  limit: number;
  /** Only summons whose case lies at this center or below it (its known center path holds it). */
  within?: string;
}

/** What never changes about a summons: enough to build a transition's event before writing it. */
export interface SummonsFacts {
  id: string;
  caseId: string;
  whistleId: string;
  departmentId: string;
}

/** Facts kept in memory: a few hundred bytes each, so a day's summons of a large district. */
const FACTS_KEPT = 20_000;

/** Summons rows; always through the ambient transaction, so a use case's lock and writes share it. */
@Injectable()
export class SummonsRepository {
  /** Oldest first (a Map keeps insertion order), so the oldest is dropped when it is full. */
  private readonly facts = new Map<string, SummonsFacts>();

  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /** With `lock`, holds the row (FOR UPDATE) until the transaction ends: one transition at a time. */
  async find(id: string, options: { lock?: boolean } = {}): Promise<Summons | null> {
    const entity = await this.manager.findOne(SummonsEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return entity ? toSummons(entity) : null;
  }

  /** A department's inbox, newest first; with `within`, only summons of cases at or below that center. */
  async list(filter: SummonsFilter): Promise<Summons[]> {
    const p = new Parameters();
    const where = [`s.department_id = ${p.add(filter.departmentId)}`];
    if (filter.status) where.push(`s.status = ${p.add(filter.status)}`);
    if (filter.within) where.push(caseWithinSql('s.case_id', p.add(filter.within)));
    const rows: SummonsRow[] = await this.manager.query(
      `SELECT s.* FROM summons s WHERE ${where.join(' AND ')}
        ORDER BY s.notified_at DESC, s.id DESC LIMIT ${p.add(filter.limit)}`,
      p.values,
    );
    return rows.map(fromRow);
  }

  /** The center of a whistle, from any summons of it already received (a reassignment does not carry it). */
  async centerOfWhistle(whistleId: string): Promise<string | null> {
    const entity = await this.manager.findOne(SummonsEntity, {
      select: { id: true, centerId: true },
      where: { whistleId },
      order: { notifiedAt: 'ASC' },
    });
    return entity?.centerId ?? null;
  }

  /**
   * Inserts the summons not stored yet, in one statement, and answers which were new and whether
   * the directory knows their department (the receiver warns if not). A summons id already present
   * (the same summons published again under another event id) is left as it is.
   */
  async insertNew(summons: readonly Summons[]): Promise<StoredSummons[]> {
    if (summons.length === 0) return [];
    const column = <T>(pick: (s: Summons) => T): T[] => summons.map(pick);
    const rows: Array<{ id: string; known: boolean }> = await this.manager.query(
      `WITH inserted AS (
         INSERT INTO summons (id, whistle_id, case_id, case_no, department_id, center_id, status,
           arrival_deadline, notified_at, acknowledged_at, arrived_at, arrival_note, declined_at, decline_reason)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[],
           $13::timestamptz[], $14::text[])
         ON CONFLICT DO NOTHING
         RETURNING id, department_id)
       SELECT i.id, EXISTS (SELECT 1 FROM departments d WHERE d.id = i.department_id) AS known
         FROM inserted i`,
      [
        column((s) => s.id),
        column((s) => s.whistleId),
        column((s) => s.caseId),
        column((s) => s.caseNo),
        column((s) => s.departmentId),
        column((s) => s.centerId),
        column((s) => s.status),
        column((s) => s.arrivalDeadline),
        column((s) => s.notifiedAt),
        column((s) => s.acknowledgedAt),
        column((s) => s.arrivedAt),
        column((s) => s.arrivalNote),
        column((s) => s.declinedAt),
        column((s) => s.declineReason),
      ],
    );
    // Remembered even if this transaction rolls back: facts only ever let a transition try its
    // conditional UPDATE, which finds no row for a summons that was never stored.
    for (const one of summons) this.remember(one);
    const known = new Map(rows.map((r) => [r.id.toLowerCase(), r.known]));
    const stored: StoredSummons[] = [];
    for (const one of summons) {
      const departmentKnown = known.get(one.id.toLowerCase());
      if (departmentKnown === undefined) continue;
      known.delete(one.id.toLowerCase()); // the same id twice in one call is stored once
      stored.push({ summons: one, departmentKnown });
    }
    return stored;
  }

  /**
   * Writes `change` if the summons is the department's and in a status the change starts from,
   * and answers the row as now stored; null if not (no such summons, another department's, or
   * past that step), having written nothing. One round trip where SELECT ... FOR UPDATE then
   * UPDATE took two: the UPDATE locks the row, and a concurrent transition's commit makes it
   * check the guard again against the new status, so of two only one passes.
   */
  async changeIf(
    id: string,
    departmentId: string,
    change: SummonsChange<Partial<Summons>>,
  ): Promise<Summons | null> {
    const { sql, params } = this.changeStatement(id, departmentId, change);
    const [rows]: [SummonsRow[], number] = await this.manager.query(sql, params);
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /**
   * `changeIf` and the events it causes in one statement (`OutboxWriter.appendWithChange`): the
   * events are appended only if the change was written. Outside a transaction that is the whole
   * unit of work in one round trip, with no BEGIN or COMMIT.
   */
  async changeIfWithEvents(
    id: string,
    departmentId: string,
    change: SummonsChange<Partial<Summons>>,
    outbox: OutboxWriter,
    events: EventEnvelope[],
  ): Promise<Summons | null> {
    const rows = await outbox.appendWithChange<SummonsRow>(
      this.manager,
      this.changeStatement(id, departmentId, change),
      events,
    );
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /**
   * The facts of a summons, from memory or one read; null if there is no such summons. They never
   * change, so no lock and no transaction is needed to read them.
   */
  async factsOf(id: string): Promise<SummonsFacts | null> {
    const known = this.facts.get(id.toLowerCase());
    if (known) return known;
    const rows: Array<{ id: string; case_id: string; whistle_id: string; department_id: string }> =
      await this.manager.query('SELECT id, case_id, whistle_id, department_id FROM summons WHERE id = $1', [
        id,
      ]);
    if (rows.length === 0) return null;
    const [row] = rows;
    return this.remember({
      id: row.id,
      caseId: row.case_id,
      whistleId: row.whistle_id,
      departmentId: row.department_id,
    });
  }

  private remember(facts: SummonsFacts): SummonsFacts {
    const kept: SummonsFacts = {
      id: facts.id,
      caseId: facts.caseId,
      whistleId: facts.whistleId,
      departmentId: facts.departmentId,
    };
    if (this.facts.size >= FACTS_KEPT) this.facts.delete(this.facts.keys().next().value as string);
    this.facts.set(kept.id.toLowerCase(), kept);
    return kept;
  }

  /**
   * The transition's conditional UPDATE, by the general mechanism (persistence `transitionSql`,
   * the kernel Transition the sla-timer's decider also uses): the statuses it starts from as its
   * WHERE, its fields as its SET; the department's guard (who may make it) beside them.
   */
  private changeStatement(
    id: string,
    departmentId: string,
    change: SummonsChange<Partial<Summons>>,
  ): { sql: string; params: unknown[] } {
    const p = new Parameters();
    const guard = `id = ${p.add(id)} AND department_id = ${p.add(departmentId)}`;
    const transition: Transition<Summons> = {
      when: [{ field: 'status', oneOf: change.from }],
      set: change.set,
    };
    const { where, set } = transitionSql(transition, CHANGEABLE, p, {
      guarded: 'summons',
      target: 'summons',
    });
    return { sql: `UPDATE summons SET ${set} WHERE ${guard} AND ${where} RETURNING *`, params: p.values };
  }

  async save(summons: Summons): Promise<void> {
    await this.manager.update(
      SummonsEntity,
      { id: summons.id },
      {
        status: summons.status,
        acknowledgedAt: summons.acknowledgedAt,
        arrivedAt: summons.arrivedAt,
        arrivalNote: summons.arrivalNote,
        arrivalLocation: summons.arrivalLocation,
        declinedAt: summons.declinedAt,
        declineReason: summons.declineReason,
      },
    );
  }
}
