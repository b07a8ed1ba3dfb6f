import { sniffMediaType } from './media-type';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('what a file is, by its first bytes', () => {
  it('given a JPEG, PNG or PDF signature, names that type', () => {
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffMediaType(text('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
  });

  it('given a program or an archive, names it so a refusal can say what came', () => {
    expect(sniffMediaType(text('MZ\x90\x00\x03'))).toBe('application/x-msdownload');
    expect(sniffMediaType(bytes(0x7f, 0x45, 0x4c, 0x46, 2))).toBe('application/x-executable');
    expect(sniffMediaType(bytes(0x50, 0x4b, 0x03, 0x04))).toBe('application/zip');
  });

  it('given a truncated signature, text, or nothing, knows nothing', () => {
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffMediaType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffMediaType(text('hello.pdf'))).toBeNull();
    expect(sniffMediaType(text(' %PDF-1.7'))).toBeNull();
    expect(sniffMediaType(new Uint8Array(0))).toBeNull();
  });
});
