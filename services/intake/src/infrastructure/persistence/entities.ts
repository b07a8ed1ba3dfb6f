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
  @ManyToOne(() => CaseEntity, (c) => c.parties)
  @JoinColumn({ name: 'case_id' })
  dispute!: CaseEntity;
}

export const intakeEntities = [CenterEntity, CaseEntity, PartyEntity];
