import type { ColumnsOf } from '@chuishao/kernel';
import { SUMMONS_STATUSES } from '@chuishao/contracts';
import { rowReader, rowWriter } from '@chuishao/persistence';
import { z } from 'zod';
import type { Summons } from '../../domain/summons';
import type { SummonsTable } from './schema';

/**
 * A summons row becomes a domain object only through this schema: a status or a time the domain
 * would not know fails here, at the boundary, naming the column, instead of travelling on as a
 * cast.
 */
const arrivalLocation = z.object({
  latitude: z.number(),
  longitude: z.number(),
  accuracyMeters: z.number(),
});

const summonsRow = z.object({
  id: z.string(),
  whistle_id: z.string(),
  case_id: z.string(),
  case_no: z.string().nullable(),
  department_id: z.string(),
  center_id: z.string().nullable(),
  status: z.enum(SUMMONS_STATUSES),
  arrival_deadline: z.date(),
  notified_at: z.date(),
  acknowledged_at: z.date().nullable(),
  arrived_at: z.date().nullable(),
  arrival_note: z.string().nullable(),
  arrival_location: arrivalLocation.nullable(),
  declined_at: z.date().nullable(),
  decline_reason: z.string().nullable(),
  stood_down_at: z.date().nullable(),
  stand_down_reason: z.string().nullable(),
});

export const summonsOfRow = rowReader<Summons>()(summonsRow);

/** A summons' row; its arrival location as JSON text. */
export function summonsRowOf(s: Summons): SummonsTable {
  const { arrivalLocation } = s;
  return rowWriter<SummonsTable>()({
    ...s,
    arrivalLocation: arrivalLocation === null ? null : JSON.stringify(arrivalLocation),
  });
}

/** The columns of the fields the decider's transitions read and write. */
export const SUMMONS_COLUMNS = {
  status: 'status',
  departmentId: 'department_id',
  acknowledgedAt: 'acknowledged_at',
  arrivedAt: 'arrived_at',
  arrivalNote: 'arrival_note',
  arrivalLocation: 'arrival_location',
  declinedAt: 'declined_at',
  declineReason: 'decline_reason',
  stoodDownAt: 'stood_down_at',
  standDownReason: 'stand_down_reason',
} as const satisfies ColumnsOf<Summons>;

/** The columns an answer may change (the save of a summons loaded and locked). */
export function answerColumnsOf(s: Summons) {
  const row = summonsRowOf(s);
  return {
    status: row.status,
    acknowledged_at: row.acknowledged_at,
    arrived_at: row.arrived_at,
    arrival_note: row.arrival_note,
    arrival_location: row.arrival_location,
    declined_at: row.declined_at,
    decline_reason: row.decline_reason,
    stood_down_at: row.stood_down_at,
    stand_down_reason: row.stand_down_reason,
  };
}
