import { createHmac } from 'node:crypto';

/**
 * The signature on a callback: HMAC-SHA256 with the court's shared secret over
 * "<unix seconds>.<raw body>", sent as `X-Court-Signature: sha256=<hex>` next to
 * `X-Court-Timestamp` and `X-Court-Id`. Signing the timestamp lets the receiver refuse replays of
 * old notices.
 */
export function signCallback(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}
