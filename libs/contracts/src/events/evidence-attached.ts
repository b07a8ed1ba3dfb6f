import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/** What evidence may be: photos and scanned documents, as their bytes say (never their name). */
export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/**
 * A photo or document (证据) was attached to a case, or to its mediation. The bytes stay in the
 * owning service's object store; the event says what they are and fixes them by their SHA-256,
 * so a later copy can be checked. No file name (people name files after the parties), no party
 * data; who attached it is the envelope's actor.
 */
export const EvidenceAttached = defineEvent({
  type: 'EvidenceAttached',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A photo or document (JPEG, PNG or PDF, by its content) was attached to a case or its mediation as evidence.',
  payload: z.object({
    evidenceId: uuid,
    caseNo: z.string().min(1),
    attachedTo: z.enum(['case', 'mediation']),
    /** The mediation's id when attachedTo is `mediation`, else null. */
    mediationId: uuid.nullable(),
    mediaType: z.enum(EVIDENCE_MEDIA_TYPES),
    byteSize: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    attachedAt: isoDateTime,
  }),
});
