/**
 * Evidence on a case (证据) as the workstation handles it: who is offered the upload, what the
 * browser can refuse before sending (an empty file, one over intake's limit), and how a file is
 * named when saved. What a file IS is intake's to read from its content: the browser never
 * refuses a file by its name or declared type.
 */
export interface EvidenceItem {
  id: string;
  caseId: string;
  mediationId?: string;
  mediaType: 'image/jpeg' | 'image/png' | 'application/pdf';
  byteSize: number;
  sha256: string;
  name: string | null;
  attachedAt: string;
  attachedBy: { role: string; id: string };
}

/** intake's default EVIDENCE_MAX_BYTES; intake has the last word (413 EVIDENCE_TOO_LARGE). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** A case's evidence is intake's, a mediation's is mediation's. */
export type EvidenceHolder = 'case' | 'mediation';

/**
 * Who is offered the upload: on a case the roles intake lets attach (clerk, operator, mediator);
 * on a mediation the mediator and a supervisor (mediation then checks they are in charge).
 */
export function mayAttachEvidence(holder: EvidenceHolder, role: string): boolean {
  if (holder === 'mediation') return role === 'mediator' || role === 'supervisor';
  return role === 'clerk' || role === 'operator' || role === 'mediator';
}

export type EvidenceProblem = 'empty' | 'tooLarge';

export function evidenceProblem(file: { size: number }): EvidenceProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > EVIDENCE_MAX_BYTES) return 'tooLarge';
  return null;
}

const EXTENSION: Record<EvidenceItem['mediaType'], string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

/**
 * The name a download is saved under: the uploader's name with the extension of what the file
 * really is (a PNG uploaded as `contract.pdf` saves as `contract.pdf.png`), else by its id.
 */
export function savedName(item: Pick<EvidenceItem, 'id' | 'name' | 'mediaType'>): string {
  const extension = EXTENSION[item.mediaType];
  if (!item.name) return `evidence-${item.id}.${extension}`;
  return item.name.toLowerCase().endsWith(`.${extension}`) ? item.name : `${item.name}.${extension}`;
}

/** 1 KB, 340 KB, 2.5 MB: enough to tell a photo from a scan. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
