import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { stillAtBase, type Movement } from '../../domain/movement';
import type { Summons } from '../../domain/summons';
import { DepartmentSql } from './schema';
import { summonsOfRow } from './summons-rows';

const movementRow = z.object({
  summons_id: z.string(),
  en_route_at: z.date().nullable(),
  eta_at: z.date().nullable(),
  left_at: z.date().nullable(),
});

/** A summons' movements (summons_movements), read and written beside the summons, locked. */
@Injectable()
export class MovementRepository {
  constructor(private readonly sql: DepartmentSql) {}

  /** The summons, locked (an arrival or a stand-down racing a movement report waits), and its movement. */
  async lock(summonsId: string): Promise<{ summons: Summons | null; movement: Movement }> {
    const row = await this.sql.db
      .selectFrom('summons')
      .selectAll()
      .where('id', '=', summonsId)
      .forUpdate()
      .executeTakeFirst();
    const moved = await this.sql.db
      .selectFrom('summons_movements')
      .selectAll()
      .where('summons_id', '=', summonsId)
      .executeTakeFirst();
    const movement = moved ? movementOfRow(moved) : stillAtBase(summonsId);
    return { summons: row ? summonsOfRow(row) : null, movement };
  }

  async save(movement: Movement): Promise<void> {
    const values = {
      summons_id: movement.summonsId,
      en_route_at: movement.enRouteAt,
      eta_at: movement.etaAt,
      left_at: movement.leftAt,
    };
    await this.sql.db
      .insertInto('summons_movements')
      .values(values)
      .onConflict((oc) => oc.column('summons_id').doUpdateSet(values))
      .execute();
  }
}

function movementOfRow(row: unknown): Movement {
  const r = movementRow.parse(row);
  return { summonsId: r.summons_id, enRouteAt: r.en_route_at, etaAt: r.eta_at, leftAt: r.left_at };
}
