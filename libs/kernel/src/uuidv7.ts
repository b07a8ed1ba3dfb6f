import { randomBytesFromPool } from './random-pool';

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation
 * time, which keeps B-tree indexes compact and makes outbox and event ids roughly ordered.
 * Within one millisecond a 12-bit counter in rand_a keeps ids from one process monotonic.
 */
let lastMillis = -1;
let counter = 0;

export function uuidv7(nowMillis: number = Date.now()): string {
  if (nowMillis === lastMillis) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) nowMillis = lastMillis + 1; // counter wrapped: borrow the next millisecond
  } else {
    counter = randomBytesFromPool(2).readUInt16BE(0) & 0x3ff; // start low so the counter has room to grow
  }
  lastMillis = Math.max(nowMillis, lastMillis);
  const millis = lastMillis;

  const bytes = randomBytesFromPool(16);
  bytes.writeUIntBE(millis, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f); // version 7 + high bits of the counter
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
