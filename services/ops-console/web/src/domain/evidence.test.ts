import { describe, expect, it } from 'vitest';
import { EVIDENCE_MAX_BYTES, evidenceProblem, mayAttachEvidence, savedName, sizeText } from './evidence';

describe('evidence on the case page (证据)', () => {
  it('offers the upload on a case to clerk, operator, mediator; on a mediation to mediator, supervisor', () => {
    expect(['clerk', 'operator', 'mediator'].every((r) => mayAttachEvidence('case', r))).toBe(true);
    expect(['supervisor', 'ops', 'liaison'].some((r) => mayAttachEvidence('case', r))).toBe(false);
    expect(['mediator', 'supervisor'].every((r) => mayAttachEvidence('mediation', r))).toBe(true);
    expect(['clerk', 'operator', 'ops'].some((r) => mayAttachEvidence('mediation', r))).toBe(false);
  });

  it('refuses before sending only what is certainly refused: an empty file, one over the limit', () => {
    expect(evidenceProblem({ size: 0 })).toBe('empty');
    expect(evidenceProblem({ size: EVIDENCE_MAX_BYTES + 1 })).toBe('tooLarge');
    expect(evidenceProblem({ size: EVIDENCE_MAX_BYTES })).toBeNull();
  });

  it('saves a file under its name with the extension of what it really is', () => {
    expect(savedName({ id: 'e1', name: '现场照片.jpg', mediaType: 'image/jpeg' })).toBe('现场照片.jpg');
    expect(savedName({ id: 'e1', name: 'contract.pdf', mediaType: 'image/png' })).toBe('contract.pdf.png');
    expect(savedName({ id: 'e1', name: null, mediaType: 'application/pdf' })).toBe('evidence-e1.pdf');
  });

  it('reads sizes in KB and MB', () => {
    expect(sizeText(10)).toBe('1 KB');
    expect(sizeText(340 * 1024)).toBe('340 KB');
    expect(sizeText(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});
