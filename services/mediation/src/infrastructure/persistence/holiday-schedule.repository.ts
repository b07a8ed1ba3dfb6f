import { Injectable } from '@nestjs/common';
import type { HolidaySchedule } from '@chuishao/legal-calendar';
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

/** The holiday schedules ops loaded (judicial-confirmation tells us), one row per year. */
@Injectable()
export class HolidayScheduleRepository {
  constructor(private readonly sql: MediationSql) {}

  async all(): Promise<LoadedSchedule[]> {
    const rows = await this.sql.db.selectFrom('holiday_schedules').selectAll().orderBy('year').execute();
    return rows.map(scheduleOfRow);
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
