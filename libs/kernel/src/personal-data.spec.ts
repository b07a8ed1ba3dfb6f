import { randomBytes } from 'node:crypto';
import { loadPersonalDataKeys, PersonalDataCipher } from './personal-data';

const k = () => randomBytes(32).toString('base64');

describe('PersonalDataCipher', () => {
  const env = { PII_KEYS: `k1:${k()},k2:${k()}`, PII_ACTIVE_KEY_ID: 'k2', PII_HASH_KEY: k() };
  const cipher = new PersonalDataCipher(loadPersonalDataKeys(env));

  it('round-trips, with a fresh IV each time and the key id beside the ciphertext', () => {
    const a = cipher.encrypt('620702196805051234');
    const b = cipher.encrypt('620702196805051234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('620702196805051234');
    expect(cipher.keyIdOf(a)).toBe('k2');
    expect(cipher.decrypt(a)).toBe('620702196805051234');
  });

  it('still decrypts values written under an older key after rotation', () => {
    const old = new PersonalDataCipher(loadPersonalDataKeys({ ...env, PII_ACTIVE_KEY_ID: 'k1' })).encrypt(
      '13909361234',
    );
    expect(cipher.keyIdOf(old)).toBe('k1');
    expect(cipher.decrypt(old)).toBe('13909361234');
  });

  it('rotates PII_HASH_KEY: a search carries the new and the previous hash until the rewrap ends', () => {
    const previous = env.PII_HASH_KEY;
    const rotated = new PersonalDataCipher(
      loadPersonalDataKeys({ ...env, PII_HASH_KEY: k(), PII_HASH_KEY_PREVIOUS: previous }),
    );
    const stored = cipher.searchHash('13909361234');
    const hashes = rotated.searchHashes('13909361234');
    expect(hashes).toEqual([rotated.searchHash('13909361234'), stored]);
    expect(hashes[0]).not.toBe(stored);
    expect(rotated.rotatingHashKey).toBe(true);
    expect(cipher.searchHashes('13909361234')).toEqual([stored]);
    expect(() => loadPersonalDataKeys({ ...env, PII_HASH_KEY_PREVIOUS: 'short' })).toThrow(
      /PII_HASH_KEY_PREVIOUS/,
    );
  });

  it('detects tampering', () => {
    const [id, iv, tag, body] = cipher.encrypt('13909361234').split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([id, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('hashes for search with its key: equal inputs match, another key does not', () => {
    const other = new PersonalDataCipher(loadPersonalDataKeys({ ...env, PII_HASH_KEY: k() }));
    expect(cipher.searchHash('13909361234')).toBe(cipher.searchHash('13909361234'));
    expect(other.searchHash('13909361234')).not.toBe(cipher.searchHash('13909361234'));
  });

  it('refuses malformed key configuration', () => {
    expect(() => loadPersonalDataKeys({ PII_KEYS: 'k1:short', PII_HASH_KEY: k() })).toThrow(/32 bytes/);
  });

  it('fails closed: development keys only under CHUISHAO_DEV=1, never set by hand without it', () => {
    expect(() => loadPersonalDataKeys({})).toThrow(/PII_KEYS.*CHUISHAO_DEV=1/);
    expect(() => loadPersonalDataKeys({ NODE_ENV: 'test' })).toThrow(/CHUISHAO_DEV=1/);
    expect(() => loadPersonalDataKeys({ CHUISHAO_DEV: '1', NODE_ENV: 'production' })).toThrow(/PII_KEYS/);
    const development = loadPersonalDataKeys({ CHUISHAO_DEV: '1' });
    expect(development.activeKeyId).toBe('dev1');
    const byHand = {
      PII_KEYS: `dev1:${development.keys.dev1.toString('base64')}`,
      PII_HASH_KEY: k(),
    };
    expect(() => loadPersonalDataKeys(byHand)).toThrow(/built-in development key/);
    expect(() =>
      loadPersonalDataKeys({ PII_KEYS: `k1:${k()}`, PII_HASH_KEY: development.hashKey.toString('base64') }),
    ).toThrow(/built-in development key/);
    expect(loadPersonalDataKeys({ ...byHand, CHUISHAO_DEV: '1' }).activeKeyId).toBe('dev1');
  });
});
