import { bodySignature, checkSignedBody } from './signed-body';

const secret = 'a-shared-secret-of-at-least-32-characters';
const rawBody = Buffer.from('{"messageId":"m1"}');
const signed = (timestamp: number, overrides: Partial<Parameters<typeof checkSignedBody>[0]> = {}) =>
  checkSignedBody({
    secret,
    timestamp: String(timestamp),
    signature: bodySignature(secret, timestamp, rawBody),
    rawBody,
    nowSeconds: 1_000_000,
    maxAgeSeconds: 300,
    ...overrides,
  });

describe('a signed body', () => {
  it('is valid when signed with the secret over "<timestamp>.<raw body>" within the window', () => {
    expect(signed(1_000_000 - 300)).toBe('valid');
  });

  it('is expired when signed further from now than the window, either way', () => {
    expect(signed(1_000_000 - 301)).toBe('expired');
    expect(signed(1_000_000 + 301)).toBe('expired');
  });

  it('is invalid when another secret, another body, or a malformed header signed it', () => {
    expect(signed(1_000_000, { secret: 'another-secret' })).toBe('invalid');
    expect(signed(1_000_000, { rawBody: Buffer.from('{"messageId":"m2"}') })).toBe('invalid');
    expect(signed(1_000_000, { signature: 'sha1=abc' })).toBe('invalid');
    expect(signed(1_000_000, { timestamp: 'yesterday' })).toBe('invalid');
    expect(signed(1_000_000, { rawBody: undefined })).toBe('invalid');
  });
});
