/**
 * Bytes kept under a key: the port the services use for files people attach (photos, scans).
 * Callers keep what the bytes are (media type, size, digest) in their own tables; the store
 * only keeps the bytes, so an adapter can be a directory or a bucket.
 */
export interface ObjectStore {
  /** Stores `bytes` under `key`, replacing what was there (keys are meant to be written once). */
  put(key: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes under `key`, or null when nothing is stored there. */
  get(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
}

/** The token services inject the store by. */
export const OBJECT_STORE = Symbol.for('chuishao.ObjectStore');

export class ObjectKeyError extends Error {
  constructor(key: string, why: string) {
    super(`object key ${JSON.stringify(key.slice(0, 100))} ${why}`);
    this.name = 'ObjectKeyError';
  }
}

// Segments of letters, digits, '.', '_' and '-', joined by '/': the same key is a safe relative
// path on every filesystem and a plain S3 key, with nothing to escape.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;

/**
 * Refuses any key that could leave the store's directory or mean two things: absolute paths,
 * `..` and `.` segments, empty segments, backslashes, control characters. Throws ObjectKeyError;
 * callers build keys from ids, so a refusal is a bug, not a client's mistake.
 */
export function checkObjectKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new ObjectKeyError(key, `must be 1 to ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment) || segment === '..' || segment === '.')
      throw new ObjectKeyError(key, 'must be /-separated segments of letters, digits, ".", "_" and "-"');
  }
  return key;
}
