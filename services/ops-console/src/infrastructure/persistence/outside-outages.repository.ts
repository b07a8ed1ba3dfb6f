import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OutageChange, OutsideParty } from '../../domain/outside-outages';
import { ConsoleSql } from './schema';

export interface OpenOutage {
  party: OutsideParty;
  partyId: string;
  since: Date;
  detectedAt: Date | null;
  lastError: string | null;
}

const openRow = z.object({
  party: z.enum(['department-webhook', 'court']),
  party_id: z.string(),
  since: z.date(),
  detected_at: z.date().nullable(),
  last_error: z.string().nullable(),
});

/** The outside's outages (outside_outages): each written by filling in, whichever event comes first. */
@Injectable()
export class OutsideOutagesRepository {
  constructor(private readonly sql: ConsoleSql) {}

  async record(change: OutageChange): Promise<void> {
    const row = {
      party: change.party,
      party_id: change.partyId,
      since: change.since,
      detected_at: change.detectedAt ?? null,
      last_error: change.lastError ?? null,
      ended_at: change.endedAt ?? null,
    };
    await this.sql.db
      .insertInto('outside_outages')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['party', 'party_id', 'since']).doUpdateSet((eb) => ({
          detected_at: eb.fn.coalesce('outside_outages.detected_at', eb.ref('excluded.detected_at')),
          last_error: eb.fn.coalesce('outside_outages.last_error', eb.ref('excluded.last_error')),
          ended_at: eb.fn.coalesce('outside_outages.ended_at', eb.ref('excluded.ended_at')),
        })),
      )
      .execute();
  }

  /** The outages not over yet, longest first. */
  async open(): Promise<OpenOutage[]> {
    const rows = await this.sql.db
      .selectFrom('outside_outages')
      .select(['party', 'party_id', 'since', 'detected_at', 'last_error'])
      .where('ended_at', 'is', null)
      .orderBy('since')
      .execute();
    return rows.map((row) => {
      const r = openRow.parse(row);
      return {
        party: r.party,
        partyId: r.party_id,
        since: r.since,
        detectedAt: r.detected_at,
        lastError: r.last_error,
      };
    });
  }
}
