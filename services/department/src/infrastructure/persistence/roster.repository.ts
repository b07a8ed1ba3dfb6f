import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { SHIFT_LENGTHS, type DutyRoster, type RosterOverride, type Rotation } from '../../domain/roster';

/** A roster as `rosterJson` builds it: JSON, so its instants come back as text. */
const rosterRow = z.object({
  department_id: z.string(),
  contact_ids: z.array(z.string()),
  shift: z.enum(SHIFT_LENGTHS),
  handover: z.string(),
  start_date: z.string(),
  updated_at: z.coerce.date(),
  overrides: z.array(
    z.object({
      id: z.string(),
      contact_id: z.string(),
      starts_at: z.coerce.date(),
      ends_at: z.coerce.date(),
      reason: z.string().nullable(),
      cancelled_at: z.coerce.date().nullable(),
    }),
  ),
});

export interface StoredOverride extends RosterOverride {
  reason: string | null;
}

export interface StoredRoster extends DutyRoster {
  departmentId: string;
  updatedAt: Date;
  overrides: StoredOverride[];
}

/**
 * One roster (alias `r`) as JSON, the rotation with its overrides that end after `overridesAfter`
 * (an SQL expression: a placeholder such as `$2`, or a column of the query around it): shared by
 * the roster's reads and the directory's snapshot.
 */
export const rosterJson = (
  overridesAfter: string,
) => `json_build_object('department_id', r.department_id, 'contact_ids', r.contact_ids,
  'shift', r.shift, 'handover', r.handover, 'start_date', to_char(r.start_date, 'YYYY-MM-DD'), 'updated_at', r.updated_at,
  'overrides', (SELECT coalesce(json_agg(json_build_object('id', o.id, 'contact_id', o.contact_id,
      'starts_at', o.starts_at, 'ends_at', o.ends_at, 'reason', o.reason, 'cancelled_at', o.cancelled_at)
      ORDER BY o.starts_at), '[]'::json)
    FROM duty_roster_overrides o WHERE o.department_id = r.department_id AND o.ends_at > ${overridesAfter}))`;

/** A roster from the JSON of `rosterJson`, checked. */
export function rosterOfJson(json: unknown): StoredRoster {
  const row = rosterRow.parse(json);
  const rotation: Rotation = {
    contactIds: row.contact_ids,
    shift: row.shift,
    handover: row.handover,
    startDate: row.start_date,
  };
  return {
    departmentId: row.department_id,
    rotation,
    updatedAt: row.updated_at,
    overrides: row.overrides.map((o) => ({
      id: o.id,
      contactId: o.contact_id,
      from: o.starts_at,
      to: o.ends_at,
      reason: o.reason,
      cancelledAt: o.cancelled_at,
    })),
  };
}

/** Rotations, overrides and calendar feed tokens of departments' duty rosters. */
@Injectable()
export class RosterRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /** The roster with its overrides that end after `overridesAfter` (older ones no longer matter). */
  async find(departmentId: string, overridesAfter: Date): Promise<StoredRoster | null> {
    const rows: Array<{ roster: unknown }> = await this.manager.query(
      `SELECT ${rosterJson('$2')} AS roster FROM duty_rosters r WHERE r.department_id = $1`,
      [departmentId, overridesAfter],
    );
    return rows[0] ? rosterOfJson(rows[0].roster) : null;
  }

  async saveRotation(departmentId: string, rotation: Rotation, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO duty_rosters (department_id, contact_ids, shift, handover, start_date, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (department_id) DO UPDATE SET contact_ids = EXCLUDED.contact_ids, shift = EXCLUDED.shift,
         handover = EXCLUDED.handover, start_date = EXCLUDED.start_date, updated_at = EXCLUDED.updated_at`,
      [departmentId, [...rotation.contactIds], rotation.shift, rotation.handover, rotation.startDate, at],
    );
  }

  async addOverride(departmentId: string, o: StoredOverride, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO duty_roster_overrides (id, department_id, contact_id, starts_at, ends_at, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [o.id, departmentId, o.contactId, o.from, o.to, o.reason, at],
    );
    await this.touch(departmentId, at);
  }

  /**
   * Marks an override cancelled (kept for the record): `cancelled`, `already` (cancelled before:
   * a repeated cancel changes nothing), or `unknown` (no such override of this department).
   */
  async cancelOverride(
    departmentId: string,
    overrideId: string,
    at: Date,
  ): Promise<'cancelled' | 'already' | 'unknown'> {
    const rows: Array<{ cancelled_at: Date | null }> = await this.manager.query(
      'SELECT cancelled_at FROM duty_roster_overrides WHERE department_id = $1 AND id = $2 FOR UPDATE',
      [departmentId, overrideId],
    );
    if (rows.length === 0) return 'unknown';
    if (rows[0].cancelled_at !== null) return 'already';
    await this.manager.query('UPDATE duty_roster_overrides SET cancelled_at = $2 WHERE id = $1', [
      overrideId,
      at,
    ]);
    await this.touch(departmentId, at);
    return 'cancelled';
  }

  private async touch(departmentId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE duty_rosters SET updated_at = $2 WHERE department_id = $1', [
      departmentId,
      at,
    ]);
  }

  /** Issues (or rotates: the previous one stops working) a liaison's calendar feed token, by its hash. */
  async setFeedToken(departmentId: string, contactId: string, tokenHash: string, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO duty_feed_tokens (department_id, contact_id, token_hash, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (department_id, contact_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, issued_at = EXCLUDED.issued_at`,
      [departmentId, contactId, tokenHash, at],
    );
  }

  async feedTokenMatches(departmentId: string, contactId: string, tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      'SELECT 1 FROM duty_feed_tokens WHERE department_id = $1 AND contact_id = $2 AND token_hash = $3',
      [departmentId, contactId, tokenHash],
    );
    return rows.length > 0;
  }
}
