import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ArrivalLocation } from '../../domain/summons';

@Entity({ name: 'departments' })
export class DepartmentEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'name_zh' }) nameZh!: string;
  @Column('text', { name: 'center_ids', array: true }) centerIds!: string[];
}

@Entity({ name: 'summons' })
export class SummonsEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'whistle_id' }) whistleId!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'case_no', nullable: true }) caseNo!: string | null;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { name: 'center_id', nullable: true }) centerId!: string | null;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'arrival_deadline' }) arrivalDeadline!: Date;
  @Column('timestamptz', { name: 'notified_at' }) notifiedAt!: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'arrived_at', nullable: true }) arrivedAt!: Date | null;
  @Column('text', { name: 'arrival_note', nullable: true }) arrivalNote!: string | null;
  @Column('jsonb', { name: 'arrival_location', nullable: true }) arrivalLocation!: ArrivalLocation | null;
  @Column('timestamptz', { name: 'declined_at', nullable: true }) declinedAt!: Date | null;
  @Column('text', { name: 'decline_reason', nullable: true }) declineReason!: string | null;
}

export const departmentEntities = [DepartmentEntity, SummonsEntity];
