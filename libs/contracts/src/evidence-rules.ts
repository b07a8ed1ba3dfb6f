import { EVIDENCE_MEDIA_TYPES, type EvidenceMediaType } from './events/evidence-attached';

/**
 * What a file must be to be kept as evidence, the one reading every service keeping evidence
 * applies (intake on a case, mediation on a mediation); pure and import-free. Each service turns
 * a refusal into its own error. The type is what the file's first bytes say (`sniffed`), never
 * its name or the type a client declared.
 */
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/** The most an upload route reads at all; EVIDENCE_MAX_BYTES may not exceed it. */
export const EVIDENCE_UPLOAD_CEILING = 25 * 1024 * 1024;
const MAX_NAME_LENGTH = 200;
// Control characters, path separators and what a Content-Disposition header cannot carry as is.
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\"]/;

export interface EvidenceRefusal {
  code: 'EVIDENCE_EMPTY' | 'EVIDENCE_TOO_LARGE' | 'EVIDENCE_TYPE_REFUSED' | 'EVIDENCE_NAME_INVALID';
  /** 400, 413, 415 as the HTTP layer answers them. */
  kind: 'invalid' | 'too_large' | 'unsupported_media_type';
  field: 'body' | 'name';
  reason: string;
}

export const isEvidenceMediaType = (type: string | null): type is EvidenceMediaType =>
  type !== null && (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(type);

/** Why a file is not kept (empty, over `maxBytes`, not JPEG/PNG/PDF by content), or null. */
export function evidenceRefusal(
  file: { byteSize: number; sniffed: string | null },
  maxBytes: number,
): EvidenceRefusal | null {
  if (file.byteSize === 0)
    return { code: 'EVIDENCE_EMPTY', kind: 'invalid', field: 'body', reason: 'the file is empty' };
  if (file.byteSize > maxBytes)
    return {
      code: 'EVIDENCE_TOO_LARGE',
      kind: 'too_large',
      field: 'body',
      reason: `the file is ${file.byteSize} bytes; at most ${maxBytes} are kept`,
    };
  if (!isEvidenceMediaType(file.sniffed))
    return {
      code: 'EVIDENCE_TYPE_REFUSED',
      kind: 'unsupported_media_type',
      field: 'body',
      reason: `the file's content is ${file.sniffed ?? 'of no known type'}; only JPEG, PNG and PDF are kept`,
    };
  return null;
}

/**
 * The name a file came with, for people to recognise it (shown, never trusted): trimmed, 1 to 200
 * characters without control characters, slashes or quotes; null when none was given.
 */
export function evidenceName(name: string | undefined): { name: string | null } | EvidenceRefusal {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length === 0) return { name: null };
  if (trimmed.length > MAX_NAME_LENGTH || UNSAFE_NAME.test(trimmed))
    return {
      code: 'EVIDENCE_NAME_INVALID',
      kind: 'invalid',
      field: 'name',
      reason: `name must be at most ${MAX_NAME_LENGTH} characters without control characters, slashes or quotes`,
    };
  return { name: trimmed };
}

/** EVIDENCE_MAX_BYTES from a service's environment: 10 MiB unset, 1 to the upload ceiling. */
export function evidenceMaxBytesFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_EVIDENCE_MAX_BYTES;
  const maxBytes = Number(raw);
  if (!/^\d+$/.test(raw) || maxBytes < 1 || maxBytes > EVIDENCE_UPLOAD_CEILING)
    throw new Error(
      `EVIDENCE_MAX_BYTES must be a whole number of bytes from 1 to ${EVIDENCE_UPLOAD_CEILING}`,
    );
  return maxBytes;
}
