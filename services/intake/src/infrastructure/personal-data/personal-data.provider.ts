import type { Provider } from '@nestjs/common';
import { loadPersonalDataKeys, PersonalDataCipher, type PersonalDataKeys } from '@chuishao/kernel';

/** The key ring in use: PII_KEYS / PII_ACTIVE_KEY_ID / PII_HASH_KEY, or the one a test passed. */
export const PERSONAL_DATA_KEYS = Symbol.for('chuishao.intake.PersonalDataKeys');

/**
 * The key ring and the cipher for parties' ID numbers and phones (the cipher injected by its
 * class). Keys come from the environment (development keys outside production); tests may pass
 * their own ring.
 */
export function personalDataProviders(keys?: PersonalDataKeys): Provider[] {
  return [
    { provide: PERSONAL_DATA_KEYS, useFactory: () => keys ?? loadPersonalDataKeys(process.env) },
    {
      provide: PersonalDataCipher,
      useFactory: (ring: PersonalDataKeys) => new PersonalDataCipher(ring),
      inject: [PERSONAL_DATA_KEYS],
    },
  ];
}
