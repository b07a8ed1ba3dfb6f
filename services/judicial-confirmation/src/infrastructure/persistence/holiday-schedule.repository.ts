import { Injectable } from '@nestjs/common';
import type { HolidaySchedule } from '@chuishao/legal-calendar';
import { TransactionHost } from '@chuishao/persistence';

export interface LoadedSchedule extends HolidaySchedule {
  loadedBy: string;
  loadedAt: Date;
}

/** The holiday schedules ops loaded, one row per year (a later load of a year replaces it). */
@Injectable()
export class HolidayScheduleRepository {
  constructor(private readonly transactions: TransactionHost) {}

  async all(): Promise<LoadedSchedule[]> {
    const rows: Array<Record<string, unknown>> = await this.transactions.manager.query(
      'SELECT year, source, holidays, make_up_workdays, loaded_by, loaded_at FROM holiday_schedules ORDER BY year',
    );
    return rows.map((r) => ({
      year: r.year as number,
      source: r.source as string,
      holidays: r.holidays as HolidaySchedule['holidays'],
      makeUpWorkdays: r.make_up_workdays as string[],
      loadedBy: r.loaded_by as string,
      loadedAt: new Date(r.loaded_at as string),
    }));
  }

  /** Stores the year's schedule; the one it replaces, if any, is returned (for the audit trail). */
  async save(schedule: LoadedSchedule): Promise<LoadedSchedule | null> {
    const previous = (await this.all()).find((s) => s.year === schedule.year) ?? null;
    await this.transactions.manager.query(
      `INSERT INTO holiday_schedules (year, source, holidays, make_up_workdays, loaded_by, loaded_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, holidays = EXCLUDED.holidays,
         make_up_workdays = EXCLUDED.make_up_workdays, loaded_by = EXCLUDED.loaded_by,
         loaded_at = EXCLUDED.loaded_at`,
      [
        schedule.year,
        schedule.source,
        JSON.stringify(schedule.holidays),
        JSON.stringify(schedule.makeUpWorkdays),
        schedule.loadedBy,
        schedule.loadedAt,
      ],
    );
    return previous;
  }
}
