import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { envValue, optionalText, refuse } from './settings/env-values';
import { loadSettings, type Environment } from './settings/load-settings';

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

/** Base64 of exactly 32 bytes (AES-256 and HMAC-SHA256 keys). */
const keyMaterial = () =>
  envValue<Buffer | undefined>(undefined, (value) => {
    const key = Buffer.from(value, 'base64');
    return key.length === 32 ? key : refuse('must be base64 of 32 bytes');
  });

const keyRing = () =>
  envValue<Record<string, Buffer> | undefined>(undefined, (value) => {
    const keys: Record<string, Buffer> = {};
    for (const entry of value.split(',')) {
      const [id, material] = entry.split(':');
      const key = Buffer.from(material ?? '', 'base64');
      if (!KEY_ID.test(id ?? '') || key.length !== 32)
        return refuse(`entry "${id}" must be <id>:<base64 of 32 bytes>`);
      keys[id] = key;
    }
    return keys;
  });

const personalDataKeysSchema = z
  .object({
    // Read leniently here: the platform and libs/auth check the switch fully (developmentSwitch).
    CHUISHAO_DEV: z.string().optional(),
    NODE_ENV: z.string().optional(),
    PII_KEYS: keyRing().describe('k2026:<base64 of 32 bytes>,k2025:<…>: every key still needed to decrypt'),
    PII_ACTIVE_KEY_ID: optionalText().describe('the key new values are encrypted under; default the first'),
    PII_HASH_KEY: keyMaterial().describe('base64 of 32 bytes, for the search hashes'),
    PII_HASH_KEY_PREVIOUS: keyMaterial().describe('only while rotating PII_HASH_KEY: the old one'),
  })
  .transform((env, ctx): PersonalDataKeys => {
    const development = env.CHUISHAO_DEV === '1' && env.NODE_ENV !== 'production';
    const problem = (name: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [name], message });
      return z.NEVER;
    };
    if (!env.PII_KEYS) {
      if (development) return DEVELOPMENT_KEYS;
      return problem(
        'PII_KEYS',
        'PII_KEYS, PII_ACTIVE_KEY_ID and PII_HASH_KEY must be set (or CHUISHAO_DEV=1 for development)',
      );
    }
    const activeKeyId = env.PII_ACTIVE_KEY_ID ?? Object.keys(env.PII_KEYS)[0];
    if (!env.PII_KEYS[activeKeyId]) return problem('PII_ACTIVE_KEY_ID', `${activeKeyId} is not in PII_KEYS`);
    if (!env.PII_HASH_KEY) return problem('PII_HASH_KEY', 'must be base64 of 32 bytes');
    const ring = { activeKeyId, keys: env.PII_KEYS, hashKey: env.PII_HASH_KEY };
    const published = [DEVELOPMENT_KEYS.keys.dev1, DEVELOPMENT_KEYS.hashKey];
    const usesPublished = [ring.hashKey, ...Object.values(ring.keys)].some((key) =>
      published.some((known) => known.equals(key)),
    );
    if (usesPublished && !development)
      return problem('PII_KEYS', 'PII_KEYS or PII_HASH_KEY holds a built-in development key; set your own');
    return env.PII_HASH_KEY_PREVIOUS ? { ...ring, previousHashKey: env.PII_HASH_KEY_PREVIOUS } : ring;
  });

/**
 * PII_KEYS="k2026:<base64 32 bytes>,k2025:<…>", PII_ACTIVE_KEY_ID=k2026, PII_HASH_KEY=<base64 32 bytes>.
 * Fails closed: only under CHUISHAO_DEV=1 do fixed development keys stand in (so `npm start` needs
 * no configuration); without it a missing key, or the development keys set by hand, stop the service.
 */
export function loadPersonalDataKeys(env: Environment = process.env): PersonalDataKeys {
  return loadSettings(personalDataKeysSchema, env);
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
