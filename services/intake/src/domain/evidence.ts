import {
  evidenceMaxBytesFrom,
  evidenceName as readEvidenceName,
  evidenceRefusal,
  type EvidenceMediaType,
  type EvidenceRefusal,
} from '@chuishao/contracts';
import { DomainError, type Environment } from '@chuishao/kernel';

export { DEFAULT_EVIDENCE_MAX_BYTES, EVIDENCE_UPLOAD_CEILING } from '@chuishao/contracts';

/** How large a file may be (`EVIDENCE_MAX_BYTES`): 10 MiB unless configured. */
export interface EvidencePolicy {
  maxBytes: number;
}

export const EVIDENCE_POLICY = Symbol.for('intake.EvidencePolicy');

export function evidencePolicyFrom(env: Environment): EvidencePolicy {
  return { maxBytes: evidenceMaxBytesFrom(env.EVIDENCE_MAX_BYTES) };
}

const refused = (r: EvidenceRefusal) => new DomainError(r.code, r.kind, r.reason, { field: r.field });

/**
 * Whether a file may be kept as evidence on a case, by its size and by what its first bytes say
 * it is (`sniffed`), the contracts' one reading (evidence-rules.ts): empty → 400 EVIDENCE_EMPTY,
 * over the limit → 413 EVIDENCE_TOO_LARGE, anything but JPEG, PNG or PDF → 415
 * EVIDENCE_TYPE_REFUSED, each naming the `body`.
 */
export function acceptEvidence(
  file: { byteSize: number; sniffed: string | null },
  policy: EvidencePolicy,
): EvidenceMediaType {
  const refusal = evidenceRefusal(file, policy.maxBytes);
  if (refusal) throw refused(refusal);
  return file.sniffed as EvidenceMediaType;
}

/** The name the file came with (trimmed, null when none), or 400 EVIDENCE_NAME_INVALID naming `name`. */
export function evidenceName(name: string | undefined): string | null {
  const read = readEvidenceName(name);
  if ('code' in read) throw refused(read);
  return read.name;
}

/** The object-store key of a case's piece of evidence: ids only, never the uploader's name. */
export const evidenceKey = (caseId: string, evidenceId: string) => `cases/${caseId}/evidence/${evidenceId}`;
