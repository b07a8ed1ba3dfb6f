/**
 * What a file is, read from its first bytes (its signature, "magic number"), never from its name
 * or the type a client declared: a renamed program stays a program. Only the types we keep are
 * recognised with certainty; a few common others are named so a refusal can say what came.
 *
 * A pure function rather than the `file-type` package: that package is ESM-only (this repository
 * compiles to CommonJS and Jest runs CommonJS), and three fixed signatures do not need a
 * dependency that reads a hundred formats.
 */
const SIGNATURES: ReadonlyArray<{ mediaType: string; at: number; bytes: readonly number[] }> = [
  { mediaType: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // "%PDF-": ISO 32000 puts the header first; readers tolerate junk before it, we do not.
  { mediaType: 'application/pdf', at: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/gif', at: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { mediaType: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { mediaType: 'application/zip', at: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mediaType: 'application/x-msdownload', at: 0, bytes: [0x4d, 0x5a] },
  { mediaType: 'application/x-executable', at: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

/** The signature's media type, or null when the bytes match none we know. */
export function sniffMediaType(bytes: Uint8Array): string | null {
  const match = SIGNATURES.find(
    ({ at, bytes: signature }) =>
      bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte),
  );
  return match?.mediaType ?? null;
}
