import { Injectable } from '@nestjs/common';
import type { HolidaySchedule } from '@chuishao/legal-calendar';
import type { Param } from '@chuishao/persistence';
import { z } from 'zod';
import { MediationSql } from './schema';

export interface LoadedSchedule extends HolidaySchedule {
  loadedAt: Date;
}

/** A stored schedule becomes one only through this schema (its jsonb checked at the boundary). */
const scheduleRow = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  make_up_workdays: z.array(z.string()),
  loaded_at: z.date(),
});

/** The same row read back as JSON (`to_jsonb`): its time a string. */
const scheduleJson = scheduleRow.extend({ loaded_at: z.coerce.date() });

/** The schedules as a JSON array of rows (`jsonb_agg`), for a read that takes them with more. */
export function schedulesOfJson(value: unknown): LoadedSchedule[] {
  return z.array(scheduleJson).parse(value).map(scheduleOfRow);
}

function scheduleOfRow(row: unknown): LoadedSchedule {
  const r = scheduleRow.parse(row);
  return {
    year: r.year,
    source: r.source,
    holidays: r.holidays,
    makeUpWorkdays: r.make_up_workdays,
    loadedAt: r.loaded_at,
  };
}

/** The check that joins work tried as one statement (collectStillSo), once per statement. */
const SCHEDULES_CHECKED = Symbol('holiday schedules still as read');

/** The holiday schedules ops loaded (judicial-confirmation tells us), one row per year. */
@Injectable()
export class HolidayScheduleRepository {
  private lastRead: readonly LoadedSchedule[] | null = null;

  constructor(private readonly sql: MediationSql) {}

  async all(): Promise<LoadedSchedule[]> {
    const rows = await this.sql.db.selectFrom('holiday_schedules').selectAll().orderBy('year').execute();
    return this.remember(rows.map(scheduleOfRow));
  }

  /** Keeps `schedules`, as just read, for work that cannot read (`remembered`); answers them. */
  remember<T extends readonly LoadedSchedule[]>(schedules: T): T {
    this.lastRead = schedules;
    return schedules;
  }

  /** The schedules as this process last read them; null before it read any. */
  get remembered(): readonly LoadedSchedule[] | null {
    return this.lastRead;
  }

  /**
   * For work tried as one statement that decided with `schedules` (remembered): the statement is
   * refused, nothing written, unless the table still holds them (the same years, each loaded at
   * the same time), and the work then runs in a transaction that reads them again.
   */
  collectStillSo(schedules: readonly LoadedSchedule[]): Promise<void> {
    return this.sql.transactions.collectIntoStatement(SCHEDULES_CHECKED, schedules, (statement, all) => {
      for (const read of new Set(all)) statement.refuseUnless((param) => stillHolds(param, read));
    });
  }

  /**
   * Keeps the year's schedule unless a later load of it is already here: loads arrive in order on
   * one partition, but a replayed dead letter could bring an old one back.
   */
  async keepLatest(schedule: LoadedSchedule): Promise<void> {
    await this.sql.db
      .insertInto('holiday_schedules')
      .values({
        year: schedule.year,
        source: schedule.source,
        holidays: JSON.stringify(schedule.holidays),
        make_up_workdays: JSON.stringify(schedule.makeUpWorkdays),
        loaded_at: schedule.loadedAt,
      })
      .onConflict((oc) =>
        oc
          .column('year')
          .doUpdateSet((eb) => ({
            source: eb.ref('excluded.source'),
            holidays: eb.ref('excluded.holidays'),
            make_up_workdays: eb.ref('excluded.make_up_workdays'),
            loaded_at: eb.ref('excluded.loaded_at'),
          }))
          .where('holiday_schedules.loaded_at', '<=', (eb) => eb.ref('excluded.loaded_at')),
      )
      .execute();
  }
}

/**
 * Whether holiday_schedules holds the years of `read`, each loaded when `read` says (to the
 * millisecond, as a JavaScript Date read it: a time written with microseconds still compares).
 */
function stillHolds(param: Param, read: readonly LoadedSchedule[]): string {
  return `(SELECT coalesce(array_agg(h.year ORDER BY h.year), ARRAY[]::int[]) = ${param(read.map((s) => s.year))}::int[]
      AND coalesce(array_agg(date_trunc('milliseconds', h.loaded_at) ORDER BY h.year), ARRAY[]::timestamptz[])
        = ${param(read.map((s) => s.loadedAt.toISOString()))}::timestamptz[]
    FROM holiday_schedules h)`;
}
