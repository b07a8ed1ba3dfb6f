import type { CasePlace } from '@chuishao/contracts';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

@Entity({ name: 'centers' })
export class CenterEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'name_zh' }) nameZh!: string;
  @Column('text') tier!: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
}

@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'case_no', unique: true }) caseNo!: string;
  @Column('text', { name: 'center_id' }) centerId!: string;
  @Column('text') channel!: string;
  @Column('text', { name: 'dispute_type' }) disputeType!: string;
  @Column('text') summary!: string;
  @Column('integer') headcount!: number;
  @Column('jsonb', { nullable: true }) place!: CasePlace | null;
  @Column('text') urgency!: string;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'registered_at' }) registeredAt!: Date;
  @Column('timestamptz', { name: 'status_changed_at' }) statusChangedAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('text', { name: 'close_reason', nullable: true }) closeReason!: string | null;
  @OneToMany(() => PartyEntity, (p) => p.dispute, { cascade: ['insert'] }) parties!: PartyEntity[];
}

@Entity({ name: 'parties' })
export class PartyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('integer') position!: number;
  @Column('text') role!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'id_number_masked', nullable: true }) idNumberMasked!: string | null;
  @Column('text', { name: 'phone_masked', nullable: true }) phoneMasked!: string | null;
  /** AES-256-GCM under a key of PII_KEYS: `<keyId>.<iv>.<tag>.<ciphertext>` (PersonalDataCipher). */
  @Column('text', { name: 'id_number_encrypted', nullable: true }) idNumberEncrypted!: string | null;
  /** HMAC-SHA256 (PII_HASH_KEY) of the normalised value: equality search without the plaintext. */
  @Column('text', { name: 'id_number_hash', nullable: true }) idNumberHash!: string | null;
  @Column('text', { name: 'phone_encrypted', nullable: true }) phoneEncrypted!: string | null;
  @Column('text', { name: 'phone_hash', nullable: true }) phoneHash!: string | null;
  @ManyToOne(() => CaseEntity, (c) => c.parties)
  @JoinColumn({ name: 'case_id' })
  dispute!: CaseEntity;
}

@Entity({ name: 'case_trail' })
export class CaseTrailEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text') type!: string;
  @Column('integer') version!: number;
  @Column('text') topic!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('text', { name: 'actor_role' }) actorRole!: string;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'correlation_id' }) correlationId!: string;
  @Column('text', { name: 'causation_id', nullable: true }) causationId!: string | null;
  @Column('text') summary!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
}

export const intakeEntities = [CenterEntity, CaseEntity, PartyEntity, CaseTrailEntity];
