import { Injectable } from '@nestjs/common';
import type { HolidaySchedule } from '@chuishao/legal-calendar';
import { z } from 'zod';
import { JudicialSql } from './schema';

export interface LoadedSchedule extends HolidaySchedule {
  loadedBy: string;
  loadedAt: Date;
}

/** A stored schedule becomes one only through this schema (its jsonb checked at the boundary). */
const scheduleRow = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  make_up_workdays: z.array(z.string()),
  loaded_by: z.string(),
  loaded_at: z.date(),
});

function scheduleOfRow(row: unknown): LoadedSchedule {
  const r = scheduleRow.parse(row);
  return {
    year: r.year,
    source: r.source,
    holidays: r.holidays,
    makeUpWorkdays: r.make_up_workdays,
    loadedBy: r.loaded_by,
    loadedAt: r.loaded_at,
  };
}

/** The holiday schedules ops loaded, one row per year (a later load of a year replaces it). */
@Injectable()
export class HolidayScheduleRepository {
  constructor(private readonly sql: JudicialSql) {}

  async all(): Promise<LoadedSchedule[]> {
    const rows = await this.sql.db.selectFrom('holiday_schedules').selectAll().orderBy('year').execute();
    return rows.map(scheduleOfRow);
  }

  /** Stores the year's schedule; the one it replaces, if any, is returned (for the audit trail). */
  async save(schedule: LoadedSchedule): Promise<LoadedSchedule | null> {
    const previous = (await this.all()).find((s) => s.year === schedule.year) ?? null;
    await this.sql.db
      .insertInto('holiday_schedules')
      .values({
        year: schedule.year,
        source: schedule.source,
        holidays: JSON.stringify(schedule.holidays),
        make_up_workdays: JSON.stringify(schedule.makeUpWorkdays),
        loaded_by: schedule.loadedBy,
        loaded_at: schedule.loadedAt,
      })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet((eb) => ({
          source: eb.ref('excluded.source'),
          holidays: eb.ref('excluded.holidays'),
          make_up_workdays: eb.ref('excluded.make_up_workdays'),
          loaded_by: eb.ref('excluded.loaded_by'),
          loaded_at: eb.ref('excluded.loaded_at'),
        })),
      )
      .execute();
    return previous;
  }
}
