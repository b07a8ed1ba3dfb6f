import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically random bytes handed out from a pool refilled 8 KiB at a time. Ids and trace
 * ids each asked the generator for 2-16 bytes: a call per id into OpenSSL that showed as 2-4 % of
 * a busy service's CPU in the bench profiles. Node's own `randomUUID` pools the same way.
 */
const POOL_SIZE = 8192;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** `size` fresh random bytes (at most the pool's size), copied out of the pool. */
export function randomBytesFromPool(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} random bytes at a time`);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}
