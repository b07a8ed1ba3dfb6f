import { DomainError } from '@chuishao/kernel';
import { acceptEvidence, evidenceKey, evidenceName } from './evidence';

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('evidence of a mediation', () => {
  it('given a PDF by content within the limit, keeps it as a PDF', () => {
    expect(acceptEvidence({ byteSize: 100, sniffed: 'application/pdf' }, 100)).toBe('application/pdf');
  });

  it('given a file over the limit or a program, refuses it naming the body (413, 415)', () => {
    expect(refusal(() => acceptEvidence({ byteSize: 101, sniffed: 'image/png' }, 100))).toEqual({
      code: 'EVIDENCE_TOO_LARGE',
      kind: 'too_large',
      details: { field: 'body' },
    });
    expect(
      refusal(() => acceptEvidence({ byteSize: 5, sniffed: 'application/x-msdownload' }, 100)),
    ).toMatchObject({
      code: 'EVIDENCE_TYPE_REFUSED',
      kind: 'unsupported_media_type',
    });
  });

  it('given a name with a path in it, refuses it naming `name`; keys hold ids only', () => {
    expect(refusal(() => evidenceName('a/b.jpg'))).toMatchObject({ details: { field: 'name' } });
    expect(evidenceName(' 收据.jpg ')).toBe('收据.jpg');
    expect(evidenceKey('m1', 'e1')).toBe('mediations/m1/evidence/e1');
  });
});
