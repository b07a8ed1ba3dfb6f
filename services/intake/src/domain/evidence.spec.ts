import { DomainError } from '@chuishao/kernel';
import {
  DEFAULT_EVIDENCE_MAX_BYTES,
  acceptEvidence,
  evidenceKey,
  evidenceName,
  evidencePolicyFrom,
} from './evidence';

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('which files are kept as evidence', () => {
  const policy = { maxBytes: 1000 };

  it('given a JPEG, PNG or PDF by content within the limit, keeps it as that type', () => {
    expect(acceptEvidence({ byteSize: 1000, sniffed: 'image/jpeg' }, policy)).toBe('image/jpeg');
    expect(acceptEvidence({ byteSize: 1, sniffed: 'image/png' }, policy)).toBe('image/png');
    expect(acceptEvidence({ byteSize: 500, sniffed: 'application/pdf' }, policy)).toBe('application/pdf');
  });

  it('given one byte over the limit, refuses it as too large (413) naming the body', () => {
    expect(refusal(() => acceptEvidence({ byteSize: 1001, sniffed: 'image/png' }, policy))).toEqual({
      code: 'EVIDENCE_TOO_LARGE',
      kind: 'too_large',
      details: { field: 'body' },
    });
  });

  it('given a program, a GIF or unknown bytes, refuses the type (415) naming the body', () => {
    for (const sniffed of ['application/x-msdownload', 'image/gif', null])
      expect(refusal(() => acceptEvidence({ byteSize: 10, sniffed }, policy))).toMatchObject({
        code: 'EVIDENCE_TYPE_REFUSED',
        kind: 'unsupported_media_type',
        details: { field: 'body' },
      });
  });

  it('given an empty file, refuses it (400)', () => {
    expect(refusal(() => acceptEvidence({ byteSize: 0, sniffed: null }, policy))).toMatchObject({
      code: 'EVIDENCE_EMPTY',
      kind: 'invalid',
    });
  });
});

describe('the size limit from the environment', () => {
  it('given nothing, is 10 MiB; given bytes, those', () => {
    expect(evidencePolicyFrom({}).maxBytes).toBe(DEFAULT_EVIDENCE_MAX_BYTES);
    expect(evidencePolicyFrom({ EVIDENCE_MAX_BYTES: '2048' }).maxBytes).toBe(2048);
  });

  it('given no number, zero or more than the upload ceiling, refuses to start', () => {
    for (const value of ['ten', '0', '1.5', String(26 * 1024 * 1024)])
      expect(() => evidencePolicyFrom({ EVIDENCE_MAX_BYTES: value })).toThrow(/EVIDENCE_MAX_BYTES/);
  });
});

describe('the name a file came with', () => {
  it('given a name, keeps it trimmed; given none or blanks, none', () => {
    expect(evidenceName('  现场照片.jpg ')).toBe('现场照片.jpg');
    expect(evidenceName(undefined)).toBeNull();
    expect(evidenceName('   ')).toBeNull();
  });

  it('given a path, a quote, a control character or 201 characters, refuses it naming `name`', () => {
    for (const name of ['../x.pdf', 'a\\b', 'a"b', 'a\nb', 'x'.repeat(201)])
      expect(refusal(() => evidenceName(name))).toMatchObject({
        code: 'EVIDENCE_NAME_INVALID',
        details: { field: 'name' },
      });
  });

  it('never puts the name into the storage key', () => {
    expect(evidenceKey('c1', 'e1')).toBe('cases/c1/evidence/e1');
  });
});
