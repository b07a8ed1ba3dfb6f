import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, PersonalDataCipher, type Logger, type PersonalDataKeys } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { PERSONAL_DATA_KEYS } from './personal-data.provider';

interface StoredParty {
  id: string;
  id_number_encrypted: string | null;
  phone_encrypted: string | null;
}

export interface RewrapOutcome {
  rewrapped: number;
  /** Parties whose values no key of the ring decrypts (a retired key still in use): left as they are. */
  unreadable: number;
}

/**
 * Key rotation, second half: after PII_ACTIVE_KEY_ID moves to a new key, every start re-encrypts,
 * in small batches and in the background, the parties' values still under an older key, so the
 * old key can leave PII_KEYS once none remain. Safe with several replicas: a row is only updated
 * if it still holds the ciphertext that was read. Logs counts and party ids, never values.
 */
@Injectable()
export class PersonalDataRewrap implements OnApplicationBootstrap, OnModuleDestroy {
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly cipher: PersonalDataCipher,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = (async () => {
      await this.rewrapAll();
      await this.rehashAll();
    })().catch((error: unknown) =>
      this.logger.error('re-encrypting personal data failed; the next start tries again', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** Before any shutdown hook closes the database: the batch in progress ends first. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Re-encrypts under the active key every value stored under another one. */
  async rewrapAll(batchSize = 200): Promise<RewrapOutcome> {
    const outcome: RewrapOutcome = { rewrapped: 0, unreadable: 0 };
    const active = this.keys.activeKeyId;
    let after = '00000000-0000-0000-0000-000000000000';
    while (!this.stopping) {
      const batch: StoredParty[] = await this.transactions.dataSource.query(
        `SELECT id, id_number_encrypted, phone_encrypted FROM parties
          WHERE id > $2
            AND ((id_number_encrypted IS NOT NULL AND split_part(id_number_encrypted, '.', 1) <> $1)
              OR (phone_encrypted IS NOT NULL AND split_part(phone_encrypted, '.', 1) <> $1))
          ORDER BY id LIMIT $3`,
        [active, after, batchSize],
      );
      if (batch.length === 0) break;
      after = batch[batch.length - 1].id;
      for (const party of batch) {
        const moved = this.rewrap(party);
        if (!moved) {
          outcome.unreadable += 1;
          continue;
        }
        const updated: [unknown[], number] = await this.transactions.dataSource.query(
          `UPDATE parties SET id_number_encrypted = $2, phone_encrypted = $3
            WHERE id = $1 AND id_number_encrypted IS NOT DISTINCT FROM $4 AND phone_encrypted IS NOT DISTINCT FROM $5`,
          [party.id, moved.idNumber, moved.phone, party.id_number_encrypted, party.phone_encrypted],
        );
        if (updated[1] === 1) outcome.rewrapped += 1;
      }
    }
    if (outcome.rewrapped > 0 || outcome.unreadable > 0)
      this.logger[outcome.unreadable > 0 ? 'error' : 'info'](
        'personal data re-encrypted under the active key',
        {
          activeKeyId: active,
          ...outcome,
        },
      );
    return outcome;
  }

  /**
   * Search-hash rotation, second half: while PII_HASH_KEY_PREVIOUS is set (searches match either
   * key meanwhile), re-makes every party's hashes under PII_HASH_KEY from its decrypted values.
   * When it has gone through every party, the log says the previous key may be removed.
   */
  async rehashAll(batchSize = 200): Promise<{ rehashed: number; complete: boolean }> {
    let rehashed = 0;
    if (!this.cipher.rotatingHashKey) return { rehashed, complete: true };
    let after = '00000000-0000-0000-0000-000000000000';
    while (!this.stopping) {
      const batch: Array<StoredParty & { id_number_hash: string | null; phone_hash: string | null }> =
        await this.transactions.dataSource.query(
          `SELECT id, id_number_encrypted, phone_encrypted, id_number_hash, phone_hash FROM parties
            WHERE id > $1 AND (id_number_hash IS NOT NULL OR phone_hash IS NOT NULL) ORDER BY id LIMIT $2`,
          [after, batchSize],
        );
      if (batch.length === 0) break;
      after = batch[batch.length - 1].id;
      for (const party of batch) {
        const hashes = this.hashesOf(party);
        if (!hashes || (hashes.idNumber === party.id_number_hash && hashes.phone === party.phone_hash))
          continue;
        const updated: [unknown[], number] = await this.transactions.dataSource.query(
          `UPDATE parties SET id_number_hash = $2, phone_hash = $3
            WHERE id = $1 AND id_number_encrypted IS NOT DISTINCT FROM $4 AND phone_encrypted IS NOT DISTINCT FROM $5`,
          [party.id, hashes.idNumber, hashes.phone, party.id_number_encrypted, party.phone_encrypted],
        );
        rehashed += updated[1];
      }
    }
    if (!this.stopping)
      this.logger.info('search hashes are all under PII_HASH_KEY: PII_HASH_KEY_PREVIOUS may be removed', {
        rehashed,
      });
    return { rehashed, complete: !this.stopping };
  }

  private hashesOf(party: StoredParty): { idNumber: string | null; phone: string | null } | null {
    const hash = (stored: string | null) =>
      stored === null ? null : this.cipher.searchHash(this.cipher.decrypt(stored));
    try {
      return { idNumber: hash(party.id_number_encrypted), phone: hash(party.phone_encrypted) };
    } catch {
      return null; // rewrapAll has logged it: no key of the ring decrypts it
    }
  }

  private rewrap(party: StoredParty): { idNumber: string | null; phone: string | null } | null {
    const move = (stored: string | null) =>
      stored === null || this.cipher.keyIdOf(stored) === this.keys.activeKeyId
        ? stored
        : this.cipher.encrypt(this.cipher.decrypt(stored));
    try {
      return { idNumber: move(party.id_number_encrypted), phone: move(party.phone_encrypted) };
    } catch {
      this.logger.error('a party cannot be decrypted with any key of PII_KEYS', {
        partyId: party.id,
        keyIds: [party.id_number_encrypted, party.phone_encrypted].flatMap((v) =>
          v === null ? [] : [this.cipher.keyIdOf(v)],
        ),
      });
      return null;
    }
  }
}
