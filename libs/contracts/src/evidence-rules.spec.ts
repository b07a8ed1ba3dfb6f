import { evidenceMaxBytesFrom, evidenceName, evidenceRefusal } from './evidence-rules';

describe('what is kept as evidence, the one reading', () => {
  it('given a JPEG, PNG or PDF by content within the limit, refuses nothing', () => {
    for (const sniffed of ['image/jpeg', 'image/png', 'application/pdf'])
      expect(evidenceRefusal({ byteSize: 10, sniffed }, 10)).toBeNull();
  });

  it('given nothing, too much, or another type, says which and answers with which status kind', () => {
    expect(evidenceRefusal({ byteSize: 0, sniffed: null }, 10)?.code).toBe('EVIDENCE_EMPTY');
    expect(evidenceRefusal({ byteSize: 11, sniffed: 'image/png' }, 10)).toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
      kind: 'too_large',
      field: 'body',
    });
    expect(evidenceRefusal({ byteSize: 5, sniffed: 'application/x-msdownload' }, 10)).toMatchObject({
      code: 'EVIDENCE_TYPE_REFUSED',
      kind: 'unsupported_media_type',
    });
  });

  it('given a name, keeps it trimmed or refuses it naming `name`; the limit from the environment', () => {
    expect(evidenceName(' a.jpg ')).toEqual({ name: 'a.jpg' });
    expect(evidenceName(undefined)).toEqual({ name: null });
    expect(evidenceName('../a')).toMatchObject({ code: 'EVIDENCE_NAME_INVALID', field: 'name' });
    expect(evidenceMaxBytesFrom(undefined)).toBe(10 * 1024 * 1024);
    expect(() => evidenceMaxBytesFrom('0')).toThrow(/EVIDENCE_MAX_BYTES/);
  });
});
