import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Citizens' ID numbers and phones at rest: AES-256-GCM under the active key of a key ring, with
 * the key id stored beside the ciphertext (`<keyId>.<iv>.<tag>.<ciphertext>`, base64url), so keys
 * can rotate: new writes use the active key, old rows still decrypt with theirs. Equality search
 * uses a keyed hash (HMAC-SHA256), never the plaintext and never a plain hash an attacker could
 * reverse by enumerating the small space of ID numbers.
 */
export interface PersonalDataKeys {
  activeKeyId: string;
  keys: Record<string, Buffer>;
  hashKey: Buffer;
  /**
   * PII_HASH_KEY_PREVIOUS: the search-hash key being rotated away from. While it is set, a search
   * matches hashes under either key, and intake's rewrap re-hashes stored values under the new one.
   */
  previousHashKey?: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function developmentKey(label: string): Buffer {
  return createHash('sha256').update(`chuishao development ${label} — not for production`).digest();
}

const DEVELOPMENT_KEYS: PersonalDataKeys = {
  activeKeyId: 'dev1',
  keys: { dev1: developmentKey('encryption') },
  hashKey: developmentKey('search hash'),
};

/** CHUISHAO_DEV=1, the one development switch (libs/auth's developmentSwitch checks it fully). */
function developmentOn(env: NodeJS.ProcessEnv): boolean {
  return env.CHUISHAO_DEV === '1' && env.NODE_ENV !== 'production';
}

/**
 * PII_KEYS="k2026:<base64 32 bytes>,k2025:<…>", PII_ACTIVE_KEY_ID=k2026, PII_HASH_KEY=<base64 32 bytes>.
 * Fails closed: only under CHUISHAO_DEV=1 do fixed development keys stand in (so `npm start` needs
 * no configuration); without it a missing key, or the development keys set by hand, stop the service.
 */
export function loadPersonalDataKeys(env: NodeJS.ProcessEnv = process.env): PersonalDataKeys {
  const development = developmentOn(env);
  if (!env.PII_KEYS) {
    if (!development)
      throw new Error(
        'PII_KEYS, PII_ACTIVE_KEY_ID and PII_HASH_KEY must be set (or CHUISHAO_DEV=1 for development)',
      );
    return DEVELOPMENT_KEYS;
  }
  const ring = parseKeyRing(env);
  const published = [DEVELOPMENT_KEYS.keys.dev1, DEVELOPMENT_KEYS.hashKey];
  const usesPublished = [ring.hashKey, ...Object.values(ring.keys)].some((key) =>
    published.some((known) => known.equals(key)),
  );
  if (usesPublished && !development)
    throw new Error('PII_KEYS or PII_HASH_KEY holds a built-in development key; set your own');
  return ring;
}

function parseKeyRing(env: NodeJS.ProcessEnv): PersonalDataKeys {
  const keys: Record<string, Buffer> = {};
  for (const entry of (env.PII_KEYS ?? '').split(',')) {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!KEY_ID.test(id ?? '') || key.length !== 32)
      throw new Error(`PII_KEYS entry "${id}" must be <id>:<base64 of 32 bytes>`);
    keys[id] = key;
  }
  const activeKeyId = env.PII_ACTIVE_KEY_ID ?? Object.keys(keys)[0];
  if (!keys[activeKeyId]) throw new Error(`PII_ACTIVE_KEY_ID ${activeKeyId} is not in PII_KEYS`);
  const hashKey = Buffer.from(env.PII_HASH_KEY ?? '', 'base64');
  if (hashKey.length !== 32) throw new Error('PII_HASH_KEY must be base64 of 32 bytes');
  if (!env.PII_HASH_KEY_PREVIOUS) return { activeKeyId, keys, hashKey };
  const previousHashKey = Buffer.from(env.PII_HASH_KEY_PREVIOUS, 'base64');
  if (previousHashKey.length !== 32) throw new Error('PII_HASH_KEY_PREVIOUS must be base64 of 32 bytes');
  return { activeKeyId, keys, hashKey, previousHashKey };
}

export class PersonalDataCipher {
  constructor(private readonly keys: PersonalDataKeys) {}

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys[this.keys.activeKeyId], iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [this.keys.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [keyId, iv, tag, ciphertext] = stored.split('.');
    const key = this.keys.keys[keyId];
    if (!key || !iv || !tag || ciphertext === undefined)
      throw new Error(`cannot decrypt: unknown key ${keyId} or malformed value`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** The key id a stored value was encrypted under (for re-encryption after a rotation). */
  keyIdOf(stored: string): string {
    return stored.split('.')[0];
  }

  /** Keyed hash for equality search; callers normalise first (trim, upper-case, digits only). */
  searchHash(normalised: string): string {
    return createHmac('sha256', this.keys.hashKey).update(normalised).digest('hex');
  }

  /**
   * Every hash a stored value may carry: under PII_HASH_KEY and, during a rotation, under
   * PII_HASH_KEY_PREVIOUS too, so rows not yet re-hashed are still found.
   */
  searchHashes(normalised: string): string[] {
    const previous = this.keys.previousHashKey;
    if (!previous) return [this.searchHash(normalised)];
    return [this.searchHash(normalised), createHmac('sha256', previous).update(normalised).digest('hex')];
  }

  /** True while a search-hash rotation is under way (PII_HASH_KEY_PREVIOUS set). */
  get rotatingHashKey(): boolean {
    return this.keys.previousHashKey !== undefined;
  }
}
