import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: our webhooks' and our callers' scheme. */
export function bodySignature(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

export interface SignedBody {
  secret: string;
  /** The sender's X-…-Timestamp header: unix seconds. */
  timestamp: string;
  /** The sender's X-…-Signature header. */
  signature: string;
  rawBody: Buffer | undefined;
  nowSeconds: number;
  /** A timestamp further than this from now (either way) is a replay, or a clock far off. */
  maxAgeSeconds: number;
}

/**
 * Whether a signed inbound request (a court's callback, the SMS gateway's reply) is what its
 * sender signed, compared in constant time, and signed recently enough not to be a replay.
 */
export function checkSignedBody(body: SignedBody): 'valid' | 'invalid' | 'expired' {
  const match = SIGNATURE.exec(body.signature);
  if (!match || !/^\d{1,12}$/.test(body.timestamp) || !body.rawBody) return 'invalid';
  const expected = createHmac('sha256', body.secret)
    .update(`${body.timestamp}.`)
    .update(body.rawBody)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'))) return 'invalid';
  return Math.abs(body.nowSeconds - Number(body.timestamp)) > body.maxAgeSeconds ? 'expired' : 'valid';
}
