import { Inject, Injectable } from '@nestjs/common';
import {
  casePlace,
  type CaseChannel,
  type CenterTier,
  type DisputeType,
  type PartyRole,
  type Urgency,
} from '@chuishao/contracts';
import { PersonalDataCipher, UnavailableError, type PersonalDataKeys } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { In, type EntityManager } from 'typeorm';
import type { CaseStatus } from '../../domain/case-status';
import type { Center } from '../../domain/center';
import type { DisputeCase, Party } from '../../domain/dispute-case';
import { PERSONAL_DATA_KEYS } from '../personal-data/personal-data.provider';
import { CaseEntity, CenterEntity, PartyEntity } from './entities';

function toCenter(e: CenterEntity): Center {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    nameZh: e.nameZh,
    tier: e.tier as CenterTier,
    parentId: e.parentId,
  };
}

export interface ReadOptions {
  /** Decrypt the parties' full ID numbers and phones (only for a role allowed to see them). */
  reveal?: boolean;
}

export interface CaseFilter extends ReadOptions {
  status?: CaseStatus;
  centerId?: string;
  /** Only cases registered at one of these centers (the reader's scope); undefined: any center. */
  centerIds?: readonly string[];
  /**
   * Keyed hashes (PersonalDataCipher.searchHashes) of a normalised ID number / phone of a party:
   * one, or two while PII_HASH_KEY rotates.
   */
  idNumberHashes?: readonly string[];
  phoneHashes?: readonly string[];
  limit: number;
}

/**
 * Cases and their parties in the intake schema. Parties' ID numbers and phones are encrypted
 * here, on the way in, and decrypted only when a read asks for them (`reveal`); the rest of the
 * service never sees a ciphertext or a search hash.
 */
@Injectable()
export class CaseRepository {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cipher: PersonalDataCipher,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async centers(): Promise<Center[]> {
    return (await this.manager.find(CenterEntity, { order: { tier: 'ASC', id: 'ASC' } })).map(toCenter);
  }

  async upsertCenters(centers: Center[]): Promise<void> {
    // Parents before children, so the foreign key holds at every insert.
    const ordered = [...centers].sort(
      (a, b) =>
        ['district', 'town', 'village'].indexOf(a.tier) - ['district', 'town', 'village'].indexOf(b.tier),
    );
    for (const center of ordered) await this.manager.upsert(CenterEntity, center, ['id']);
  }

  /** Next number in the center's yearly sequence; the row lock serialises concurrent registrations. */
  async nextCaseSequence(centerId: string, year: number): Promise<number> {
    const rows: Array<{ last_value: number }> = await this.manager.query(
      `INSERT INTO case_number_sequences (center_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (center_id, year) DO UPDATE SET last_value = case_number_sequences.last_value + 1
       RETURNING last_value`,
      [centerId, year],
    );
    return rows[0].last_value;
  }

  /** Keyed hashes of an already normalised ID number or phone that a stored party may carry. */
  searchHashes(normalised: string): string[] {
    return this.cipher.searchHashes(normalised);
  }

  async insert(dispute: DisputeCase): Promise<void> {
    await this.manager.insert(CaseEntity, {
      id: dispute.id,
      caseNo: dispute.caseNo,
      centerId: dispute.centerId,
      channel: dispute.channel,
      disputeType: dispute.disputeType,
      summary: dispute.summary,
      headcount: dispute.headcount,
      urgency: dispute.urgency,
      place: dispute.place ?? null,
      status: dispute.status,
      registeredAt: dispute.registeredAt,
      statusChangedAt: dispute.registeredAt,
      closedAt: null,
      closeReason: null,
    });
    await this.manager.insert(
      PartyEntity,
      dispute.parties.map((p, position) => this.toPartyRow(p, dispute.id, position)),
    );
  }

  async exists(id: string): Promise<boolean> {
    return this.manager.exists(CaseEntity, { where: { id } });
  }

  async find(id: string, options: ReadOptions = {}): Promise<DisputeCase | null> {
    const entity = await this.manager.findOne(CaseEntity, { where: { id } });
    if (!entity) return null;
    entity.parties = await this.manager.find(PartyEntity, { where: { caseId: id } });
    return this.toCase(entity, options);
  }

  /** Newest first; the personal-data hashes match a case when any of its parties carries them. */
  async list(filter: CaseFilter): Promise<DisputeCase[]> {
    const rows: Array<{ id: string }> = await this.manager.query(
      `SELECT c.id FROM cases c
        WHERE ($1::text IS NULL OR c.status = $1)
          AND ($2::text IS NULL OR c.center_id = $2)
          AND ($3::text[] IS NULL OR EXISTS
                (SELECT 1 FROM parties p WHERE p.case_id = c.id AND p.id_number_hash = ANY($3)))
          AND ($4::text[] IS NULL OR EXISTS
                (SELECT 1 FROM parties p WHERE p.case_id = c.id AND p.phone_hash = ANY($4)))
          AND ($6::text[] IS NULL OR c.center_id = ANY($6))
        ORDER BY c.registered_at DESC, c.id DESC
        LIMIT $5`,
      [
        filter.status ?? null,
        filter.centerId ?? null,
        filter.idNumberHashes ? [...filter.idNumberHashes] : null,
        filter.phoneHashes ? [...filter.phoneHashes] : null,
        filter.limit,
        filter.centerIds ? [...filter.centerIds] : null,
      ],
    );
    return this.findMany(
      rows.map((r) => r.id),
      filter,
    );
  }

  /** The cases of `ids` that exist, in the order of `ids`. */
  async findMany(ids: readonly string[], options: ReadOptions = {}): Promise<DisputeCase[]> {
    if (ids.length === 0) return [];
    const entities = await this.manager.find(CaseEntity, {
      where: { id: In([...ids]) },
      relations: { parties: true },
    });
    const byId = new Map(entities.map((e) => [e.id, e]));
    return ids.flatMap((id) => {
      const entity = byId.get(id);
      return entity ? [this.toCase(entity, options)] : [];
    });
  }

  private toPartyRow(party: Party, caseId: string, position: number): Partial<PartyEntity> {
    if (!party.personal) throw new Error(`party ${party.id} is stored without its personal data`);
    const { idNumber, phone } = party.personal;
    return {
      id: party.id,
      caseId,
      position,
      role: party.role,
      name: party.name,
      idNumberMasked: party.idNumberMasked,
      phoneMasked: party.phoneMasked,
      idNumberEncrypted: idNumber === null ? null : this.cipher.encrypt(idNumber),
      idNumberHash: idNumber === null ? null : this.cipher.searchHash(idNumber),
      phoneEncrypted: phone === null ? null : this.cipher.encrypt(phone),
      phoneHash: phone === null ? null : this.cipher.searchHash(phone),
    };
  }

  private toParty(row: PartyEntity, reveal: boolean): Party {
    return {
      id: row.id,
      role: row.role as PartyRole,
      name: row.name,
      idNumberMasked: row.idNumberMasked,
      phoneMasked: row.phoneMasked,
      ...(reveal
        ? {
            personal: {
              idNumber: this.decrypt(row.idNumberEncrypted),
              phone: this.decrypt(row.phoneEncrypted),
            },
          }
        : {}),
    };
  }

  /**
   * A value under a key this instance does not hold yet is a deployment in progress (a replica
   * with the new PII_KEYS wrote it): 503, retry. A value that fails authentication under a key it
   * does hold is corrupt or tampered with, which stays a 500.
   */
  private decrypt(stored: string | null): string | null {
    if (stored === null) return null;
    const keyId = this.cipher.keyIdOf(stored);
    if (!Object.hasOwn(this.keys.keys, keyId))
      throw new UnavailableError(
        'PERSONAL_DATA_KEY_UNAVAILABLE',
        `personal data is encrypted under key ${keyId}, which this instance does not hold (PII_KEYS)`,
      );
    return this.cipher.decrypt(stored);
  }

  private toCase(e: CaseEntity, options: ReadOptions): DisputeCase {
    return {
      id: e.id,
      caseNo: e.caseNo,
      centerId: e.centerId,
      channel: e.channel as CaseChannel,
      disputeType: e.disputeType as DisputeType,
      summary: e.summary,
      headcount: e.headcount,
      urgency: e.urgency as Urgency,
      place: e.place ? casePlace.parse(e.place) : null,
      status: e.status as CaseStatus,
      registeredAt: e.registeredAt,
      closedAt: e.closedAt,
      closeReason: e.closeReason,
      parties: [...(e.parties ?? [])]
        .sort((a, b) => a.position - b.position)
        .map((p) => this.toParty(p, options.reveal === true)),
    };
  }
}
