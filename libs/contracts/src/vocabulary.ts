import { z } from 'zod';
import { DISPUTE_TYPES, URGENCIES } from './terms';

/** The lists themselves are in terms.ts (no zod: the browser imports it); these are their schemas. */
export * from './terms';

export const isoDateTime = z.iso.datetime({ offset: false });
export const uuid = z.uuid();
export const disputeType = z.enum(DISPUTE_TYPES);
export const urgency = z.enum(URGENCIES);

/** A summoned department as events carry it: enough for a reader to show it without a lookup. */
export const summonedDepartment = z.object({
  summonsId: uuid,
  departmentId: z.string().min(1),
  departmentName: z.string().min(1),
  departmentKind: z.string().min(1),
});
export type SummonedDepartment = z.infer<typeof summonedDepartment>;
