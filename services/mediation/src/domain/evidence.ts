import {
  evidenceName as readEvidenceName,
  evidenceRefusal,
  type EvidenceMediaType,
  type EvidenceRefusal,
} from '@chuishao/contracts';
import { DomainError } from '@chuishao/kernel';

const refused = (r: EvidenceRefusal) => new DomainError(r.code, r.kind, r.reason, { field: r.field });

/**
 * A file kept as evidence of a mediation (证据: photos of the site, receipts, scans) by the
 * contracts' one reading (evidence-rules.ts): its size within `maxBytes`, JPEG, PNG or PDF by what
 * its first bytes say (`sniffed`), never by its name. 400, 413 or 415 naming the `body`.
 */
export function acceptEvidence(
  file: { byteSize: number; sniffed: string | null },
  maxBytes: number,
): EvidenceMediaType {
  const refusal = evidenceRefusal(file, maxBytes);
  if (refusal) throw refused(refusal);
  return file.sniffed as EvidenceMediaType;
}

/** The name the file came with (trimmed, null when none), or 400 EVIDENCE_NAME_INVALID naming `name`. */
export function evidenceName(name: string | undefined): string | null {
  const read = readEvidenceName(name);
  if ('code' in read) throw refused(read);
  return read.name;
}

/** The object-store key of a mediation's piece of evidence: ids only, never the uploader's name. */
export const evidenceKey = (mediationId: string, evidenceId: string) =>
  `mediations/${mediationId}/evidence/${evidenceId}`;
