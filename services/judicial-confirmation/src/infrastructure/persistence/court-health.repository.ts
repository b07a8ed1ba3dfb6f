import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { answeringCourt, type CourtHealth } from '../../domain/court-health';
import { JudicialSql } from './schema';

const healthRow = z.object({
  court_id: z.string(),
  silent_since: z.date().nullable(),
  outage_since: z.date().nullable(),
  last_error: z.string().nullable(),
});

/** Each court's silence (court_health); no row is a court that answers. */
@Injectable()
export class CourtHealthRepository {
  constructor(private readonly sql: JudicialSql) {}

  /** The court's health, locked for the rest of the transaction. */
  async lock(courtId: string): Promise<CourtHealth> {
    const row = await this.sql.db
      .selectFrom('court_health')
      .selectAll()
      .where('court_id', '=', courtId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return answeringCourt(courtId);
    const r = healthRow.parse(row);
    return {
      courtId: r.court_id,
      silentSince: r.silent_since,
      outageSince: r.outage_since,
      lastError: r.last_error,
    };
  }

  /** The courts in an announced outage (for /metrics). */
  async outages(): Promise<string[]> {
    const rows = await this.sql.db
      .selectFrom('court_health')
      .select('court_id')
      .where('outage_since', 'is not', null)
      .execute();
    return rows.map((r) => r.court_id);
  }

  async save(health: CourtHealth): Promise<void> {
    if (!health.silentSince) {
      await this.sql.db.deleteFrom('court_health').where('court_id', '=', health.courtId).execute();
      return;
    }
    const values = {
      court_id: health.courtId,
      silent_since: health.silentSince,
      outage_since: health.outageSince,
      last_error: health.lastError,
    };
    await this.sql.db
      .insertInto('court_health')
      .values(values)
      .onConflict((oc) => oc.column('court_id').doUpdateSet(values))
      .execute();
  }
}
