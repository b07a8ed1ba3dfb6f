import { createHash, randomBytes } from 'node:crypto';

/**
 * An Open311 client's API key: 256 random bits, shown once when issued. Intake keeps only its
 * SHA-256 (a key is random, so a plain hash cannot be reversed by guessing, unlike an ID number),
 * and finds the client by hashing what a request sends.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newOpen311Key(): { key: string; hash: string } {
  const key = randomBytes(32).toString('base64url');
  return { key, hash: open311KeyHash(key) };
}

export function open311KeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Only a string shaped like one of our keys is worth a look-up. */
export function wellFormedOpen311Key(key: unknown): key is string {
  return typeof key === 'string' && KEY_PATTERN.test(key);
}
