import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, uuidv7, type Clock } from '@chuishao/kernel';
import { TransactionHost, latestByKey, type CteStatement } from '@chuishao/persistence';
import type { Timer } from '../../domain/timer';
import type { TimersTable } from '../persistence/schema';

/** A timer's row as the store reads it (schema.ts' TimersTable without the bookkeeping it keeps). */
type TimerRow = Omit<TimersTable, 'armed_at' | 'last_error'>;

export function toTimer(row: TimerRow): Timer {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    dueAt: new Date(row.due_at),
    payload: row.payload ?? {},
    generation: row.generation,
    state: row.state,
    firedAt: row.fired_at ? new Date(row.fired_at) : null,
    latenessMs: row.lateness_ms,
    attempts: row.attempts,
  };
}

/** A timer armed by `armCollected`, waiting for the end of its transaction. */
interface CollectedArm {
  id: string;
  kind: string;
  subject: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  armedAt: Date;
}

/**
 * What arming a timer that exists does to its row (an upsert's `DO UPDATE SET`): armed again for
 * the new due time, one generation on, so a firing of the old one is fenced off.
 */
export const REARMED = `due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, generation = timers.generation + 1,
  state = 'armed', armed_at = EXCLUDED.armed_at, fired_at = NULL, lateness_ms = NULL,
  attempts = 0, last_error = NULL`;

/** Arms waiting for the end of their transaction (TransactionHost.collectIntoStatement). */
const PENDING_ARMS = Symbol('timers armed, waiting for the commit');

/** TypeORM answers an UPDATE or DELETE with [rows, affected]; anything else with the rows. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && result.length === 2 && typeof result[1] === 'number' ? result[1] : 0;
}

/**
 * The timer table's API for any kind of deadline: arm (or re-arm), cancel, read. Every call joins
 * the ambient transaction, so a timer is armed or cancelled together with the state change that
 * asked for it. Arming tells the engine, which wakes early when the new timer is due sooner.
 */
@Injectable()
export class TimerStore {
  private readonly armListeners: Array<(dueAt: Date) => void> = [];

  constructor(
    private readonly transactions: TransactionHost,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onArmed(listener: (dueAt: Date) => void): void {
    this.armListeners.push(listener);
  }

  /** Arms the timer of this kind for this subject, re-arming it (new generation) if it exists. */
  async arm(
    kind: string,
    subject: string,
    dueAt: Date,
    payload: Record<string, unknown> = {},
  ): Promise<number> {
    await this.sendArmedNow();
    const now = this.clock.now();
    const rows: Array<{ generation: number }> = await this.transactions.manager.query(
      `INSERT INTO timers (id, kind, subject, due_at, payload, generation, state, armed_at)
       VALUES ($1, $2, $3, $4, $5, 1, 'armed', $6)
       ON CONFLICT (kind, subject) DO UPDATE SET ${REARMED}
       RETURNING generation`,
      [uuidv7(now.getTime()), kind, subject, dueAt, JSON.stringify(payload), now],
    );
    // After the commit: a wake-up before it would not see the row and wait for the next sweep.
    this.transactions.afterCommit(() => {
      for (const listener of this.armListeners) listener(dueAt);
    });
    return rows[0].generation;
  }

  /**
   * Arms (or re-arms) like `arm`, collected: the timers a consumed batch arms are one write, sent
   * with the batch's other writes (TransactionHost.collectIntoStatement), so a batch of deadlines
   * scheduled by other services is one statement with its inbox rows. Of one timer armed twice in
   * a batch the last stands, one generation on. For a caller that needs no generation back.
   */
  async armCollected(
    kind: string,
    subject: string,
    dueAt: Date,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const now = this.clock.now();
    const armed: CollectedArm = { id: uuidv7(now.getTime()), kind, subject, dueAt, payload, armedAt: now };
    await this.transactions.collectIntoStatement(PENDING_ARMS, armed, upsertArms);
    this.armedElsewhere([dueAt]);
  }

  /**
   * For a caller that armed timers in a statement of its own (to save round trips): tells the
   * engine after the commit, as arm does. Only the earliest matters: the engine wakes for it.
   */
  armedElsewhere(dueAts: Date[]): void {
    if (dueAts.length === 0) return;
    const earliest = new Date(Math.min(...dueAts.map((d) => d.getTime())));
    this.transactions.afterCommit(() => {
      for (const listener of this.armListeners) listener(earliest);
    });
  }

  /** Cancels the armed timers of a subject (of the given kinds, or all); answers how many. */
  async cancel(subject: string, kinds?: string[]): Promise<number> {
    await this.sendArmedNow();
    const result: unknown = await this.transactions.manager.query(
      `UPDATE timers SET state = 'cancelled', generation = generation + 1
       WHERE subject = $1 AND state = 'armed' AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`,
      [subject, kinds ?? null],
    );
    return affectedRows(result);
  }

  /**
   * Reads a timer and, in the same statement, cancels it when it is armed and its payload's
   * `field` equals `value` (one round trip instead of find + cancel). Answers the timer as it was
   * before, for the caller to decide on, and whether it was cancelled.
   */
  async cancelIfPayload(
    kind: string,
    subject: string,
    field: string,
    value: string,
  ): Promise<{ timer: Timer | null; cancelled: boolean }> {
    await this.sendArmedNow();
    const rows: Array<TimerRow & { cancelled: boolean }> = await this.transactions.manager.query(
      `WITH found AS (
         SELECT * FROM timers WHERE kind = $1 AND subject = $2
       ), cancelled AS (
         UPDATE timers SET state = 'cancelled', generation = timers.generation + 1
         FROM found
         WHERE timers.id = found.id AND timers.state = 'armed' AND found.payload ->> $3 = $4
         RETURNING timers.id
       )
       SELECT found.*, EXISTS (SELECT 1 FROM cancelled) AS cancelled FROM found`,
      [kind, subject, field, value],
    );
    return rows[0]
      ? { timer: toTimer(rows[0]), cancelled: rows[0].cancelled === true }
      : { timer: null, cancelled: false };
  }

  async find(kind: string, subject: string): Promise<Timer | null> {
    await this.sendArmedNow();
    const rows: TimerRow[] = await this.transactions.manager.query(
      'SELECT * FROM timers WHERE kind = $1 AND subject = $2',
      [kind, subject],
    );
    return rows[0] ? toTimer(rows[0]) : null;
  }

  async ofSubjects(subjects: string[]): Promise<Timer[]> {
    await this.sendArmedNow();
    const rows: TimerRow[] = await this.transactions.manager.query(
      'SELECT * FROM timers WHERE subject = ANY($1::text[]) ORDER BY due_at',
      [subjects],
    );
    return rows.map(toTimer);
  }

  /**
   * The earliest armed due time (null when nothing is armed) and the database's time now: how
   * long to sleep is measured on the clock that decides what is due, not on this process's.
   */
  async nextDue(): Promise<{ nextDueAt: Date | null; databaseNow: Date }> {
    const rows: Array<{ next: Date | null; now: Date }> = await this.transactions.manager.query(
      `SELECT min(due_at) AS next, clock_timestamp() AS now FROM timers WHERE state = 'armed'`,
    );
    return { nextDueAt: rows[0]?.next ? new Date(rows[0].next) : null, databaseNow: new Date(rows[0].now) };
  }

  /**
   * The timers collected so far in this transaction, sent now: every other statement on timers
   * comes after them, as it would had they been armed one by one (a cancel in the same batch
   * finds its deadline armed). Nothing is sent when none are waiting.
   */
  private sendArmedNow(): Promise<void> {
    return this.transactions.sendCollectedNow(PENDING_ARMS);
  }
}

/** The collected arms as one upsert, the last of a timer standing, in key order. */
function upsertArms(statement: CteStatement, arms: CollectedArm[]): void {
  const rows = latestByKey(arms, (a) => `${a.kind}\u0000${a.subject}`).map((a) => ({
    id: a.id,
    kind: a.kind,
    subject: a.subject,
    due_at: a.dueAt,
    payload: a.payload,
    armed_at: a.armedAt,
  }));
  statement.add(
    (param) => `INSERT INTO timers (id, kind, subject, due_at, payload, generation, state, armed_at)
      SELECT t.id, t.kind, t.subject, t.due_at, t.payload, 1, 'armed', t.armed_at
      FROM jsonb_to_recordset(${param(JSON.stringify(rows), '::jsonb')})
        AS t(id uuid, kind text, subject text, due_at timestamptz, payload jsonb, armed_at timestamptz)
      ON CONFLICT (kind, subject) DO UPDATE SET ${REARMED}
      RETURNING 1`,
  );
}
