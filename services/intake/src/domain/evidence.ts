import { EVIDENCE_MEDIA_TYPES, type EvidenceMediaType } from '@chuishao/contracts';
import { InvalidError, TooLargeError, UnsupportedMediaTypeError, type Environment } from '@chuishao/kernel';

/** How large a file may be (`EVIDENCE_MAX_BYTES`): 10 MiB unless configured. */
export interface EvidencePolicy {
  maxBytes: number;
}

export const EVIDENCE_POLICY = Symbol.for('intake.EvidencePolicy');

export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/**
 * What the HTTP layer reads of an upload at most, whatever the policy says: EVIDENCE_MAX_BYTES
 * may not exceed it, so a body is never held in memory unbounded.
 */
export const EVIDENCE_UPLOAD_CEILING = 25 * 1024 * 1024;

export function evidencePolicyFrom(env: Environment): EvidencePolicy {
  const raw = env.EVIDENCE_MAX_BYTES;
  if (raw === undefined || raw === '') return { maxBytes: DEFAULT_EVIDENCE_MAX_BYTES };
  const maxBytes = Number(raw);
  if (!/^\d+$/.test(raw) || maxBytes < 1 || maxBytes > EVIDENCE_UPLOAD_CEILING)
    throw new Error(
      `EVIDENCE_MAX_BYTES must be a whole number of bytes from 1 to ${EVIDENCE_UPLOAD_CEILING}`,
    );
  return { maxBytes };
}

const isAccepted = (type: string | null): type is EvidenceMediaType =>
  type !== null && (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(type);

/**
 * Whether a file may be kept as evidence, by its size and by what its first bytes say it is
 * (`sniffed`, from the signature); the name and the declared type never decide. Empty → 400,
 * over the limit → 413 EVIDENCE_TOO_LARGE, anything but JPEG, PNG or PDF → 415
 * EVIDENCE_TYPE_REFUSED; all naming the `body`.
 */
export function acceptEvidence(
  file: { byteSize: number; sniffed: string | null },
  policy: EvidencePolicy,
): EvidenceMediaType {
  if (file.byteSize === 0) throw new InvalidError('EVIDENCE_EMPTY', 'the file is empty', 'body');
  if (file.byteSize > policy.maxBytes)
    throw new TooLargeError(
      'EVIDENCE_TOO_LARGE',
      `the file is ${file.byteSize} bytes; at most ${policy.maxBytes} are kept`,
      'body',
    );
  if (!isAccepted(file.sniffed))
    throw new UnsupportedMediaTypeError(
      'EVIDENCE_TYPE_REFUSED',
      `the file's content is ${file.sniffed ?? 'of no known type'}; only JPEG, PNG and PDF are kept`,
      'body',
    );
  return file.sniffed;
}

const MAX_NAME_LENGTH = 200;
// Control characters, path separators and what a Content-Disposition header cannot carry as is.
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\"]/;

/**
 * The name the uploader gave the file, for people to recognise it (shown, never trusted): trimmed,
 * 1 to 200 characters, no control characters, slashes or quotes; null when none was given.
 */
export function evidenceName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const trimmed = name.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > MAX_NAME_LENGTH || UNSAFE_NAME.test(trimmed))
    throw new InvalidError(
      'EVIDENCE_NAME_INVALID',
      `name must be at most ${MAX_NAME_LENGTH} characters without control characters, slashes or quotes`,
      'name',
    );
  return trimmed;
}

/** The object-store key of a case's piece of evidence: ids only, never the uploader's name. */
export const evidenceKey = (caseId: string, evidenceId: string) => `cases/${caseId}/evidence/${evidenceId}`;
