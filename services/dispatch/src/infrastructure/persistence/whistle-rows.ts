import { SUMMONS_STATUSES, disputeType, urgency } from '@chuishao/contracts';
import type { ColumnsOf } from '@chuishao/kernel';
import { rowReader, rowWriter } from '@chuishao/persistence';
import { z } from 'zod';
import type { KnownCase } from '../../domain/known-case';
import type { Summons, Whistle } from '../../domain/whistle';
import type { WhistleSummonsTable, WhistlesTable } from './schema';

/** The columns of the summons fields the decider's transitions read and write. */
export const SUMMONS_TRANSITION_COLUMNS: ColumnsOf<Summons> = {
  status: 'status',
  acknowledgedAt: 'acknowledged_at',
  arrivedAt: 'arrived_at',
  declinedAt: 'declined_at',
  declineReason: 'decline_reason',
  replacedBySummonsId: 'replaced_by_summons_id',
  stoodDownAt: 'stood_down_at',
  standDownReason: 'stand_down_reason',
};

/**
 * Rows become domain objects only through these schemas: a status, a dispute type or a time the
 * domain would not know fails here, at the boundary, naming the column, instead of travelling on
 * as a cast.
 */
const whistleRow = z.object({
  id: z.string(),
  case_id: z.string(),
  case_no: z.string(),
  center_id: z.string(),
  status: z.enum(['open', 'completed']),
  reason: z.string().nullable(),
  sla_seconds: z.number().int(),
  blown_at: z.date(),
  arrival_deadline: z.date(),
  completed_at: z.date().nullable(),
});

const summonsRow = z.object({
  id: z.string(),
  position: z.number().int(),
  department_id: z.string(),
  department_name: z.string(),
  department_kind: z.string(),
  status: z.enum([...SUMMONS_STATUSES, 'replaced']),
  arrival_deadline: z.date(),
  acknowledged_at: z.date().nullable(),
  arrived_at: z.date().nullable(),
  declined_at: z.date().nullable(),
  decline_reason: z.string().nullable(),
  replaced_by_summons_id: z.string().nullable(),
  stood_down_at: z.date().nullable(),
  stand_down_reason: z.string().nullable(),
});

const knownCaseRow = z.object({
  case_id: z.string(),
  case_no: z.string(),
  center_id: z.string(),
  center_path: z.array(z.string()),
  dispute_type: disputeType,
  urgency,
  closed: z.boolean(),
});

export const knownCaseOf = rowReader<KnownCase>()(knownCaseRow);

/** A summons row; its position only orders the whistle's summons. */
export const summonsOfRow = rowReader<Summons>()(summonsRow.omit({ position: true }));

const whistleOfRow = rowReader<Omit<Whistle, 'summons'>>()(whistleRow);

/** A whistle row and its summons rows (in the order summoned). */
export function whistleOfRows(row: unknown, summons: readonly unknown[]): Whistle {
  return { ...whistleOfRow(row), summons: summons.map(summonsOfRow) };
}

/** A whistle's own row (its summons are rows of their own). */
export function whistleRowOf(w: Whistle): WhistlesTable {
  const { summons: _summons, ...own } = w;
  return rowWriter<WhistlesTable>()(own);
}

/** A summons as its row, at its place in the whistle. */
export function summonsRowOf(whistleId: string, s: Summons, position: number): WhistleSummonsTable {
  return rowWriter<WhistleSummonsTable>()({ ...s, whistleId, position });
}

/** The summons row's column names (the decider's field-to-column map is SUMMONS_TRANSITION_COLUMNS). */
const SUMMONS_ROW_KEYS = Object.keys(summonsRow.shape);

/**
 * The whistle `w` with its summons `s`, one row per summons (s_-prefixed columns; none: null), for
 * statements that read a whistle with something else; they order by s_position.
 */
export function whistleWithSummonsSql(whistleParameter: string): string {
  const summons = SUMMONS_ROW_KEYS.map((c) => `s.${c} AS s_${c}`).join(', ');
  return `SELECT w.*, ${summons}
          FROM whistles w LEFT JOIN whistle_summons s ON s.whistle_id = w.id
          WHERE w.id = ${whistleParameter}`;
}

/** The whistle of such joined rows; null when there are none. */
export function whistleOfJoinedRows(rows: ReadonlyArray<Record<string, unknown>>): Whistle | null {
  const [first] = rows;
  if (!first) return null;
  const summons = rows
    .filter((r) => r.s_id !== null)
    .map((r) => Object.fromEntries(SUMMONS_ROW_KEYS.map((c) => [c, r[`s_${c}`]])));
  return whistleOfRows(first, summons);
}
