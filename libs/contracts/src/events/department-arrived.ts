import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

const arrivedV1 = z.object({
  summonsId: uuid,
  whistleId: uuid,
  departmentId: z.string().min(1),
  arrivedAt: isoDateTime,
  note: z.string().nullable(),
});

/** Where the liaison's phone was when it reported on site (WGS 84). */
export const geoLocation = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** Radius of 68 % confidence, as phones report it. */
  accuracyMeters: z.number().min(0).max(100_000),
});
export type GeoLocation = z.infer<typeof geoLocation>;

/** Version 1: kept while any producer on older code may still send it; upcast to version 2. */
export const DepartmentArrivedV1 = defineEvent({
  type: 'DepartmentArrived',
  version: 1,
  topic: TOPICS.departmentResponses,
  description: 'A summoned department reported on site (报到).',
  payload: arrivedV1,
});

export const DepartmentArrived = defineEvent({
  type: 'DepartmentArrived',
  version: 2,
  topic: TOPICS.departmentResponses,
  description:
    'A summoned department reported on site (报到), with where the liaison was when it did ' +
    '(null when the phone gave no position, and for every version 1 event).',
  payload: arrivedV1.extend({ location: geoLocation.nullable() }),
  upcastFrom: {
    version: 1,
    upcast: (v1: z.infer<typeof arrivedV1>) => ({ ...v1, location: null }),
  },
});
