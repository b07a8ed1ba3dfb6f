import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Dispatch's own copy of what it needs to know about a case, kept from intake's events. */
@Entity({ name: 'known_cases' })
export class KnownCaseEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'case_no' }) caseNo!: string;
  @Column('text', { name: 'center_id' }) centerId!: string;
  @Column('text', { name: 'center_path', array: true }) centerPath!: string[];
  @Column('text', { name: 'dispute_type' }) disputeType!: string;
  @Column('text') urgency!: string;
  @Column('boolean') closed!: boolean;
}

@Entity({ name: 'routing_rules' })
export class RoutingRuleEntity {
  @PrimaryColumn('text', { name: 'dispute_type' }) disputeType!: string;
  @Column('text', { name: 'department_kinds', array: true }) departmentKinds!: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ name: 'whistles' })
export class WhistleEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'case_no' }) caseNo!: string;
  @Column('text', { name: 'center_id' }) centerId!: string;
  @Column('text') status!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('integer', { name: 'sla_seconds' }) slaSeconds!: number;
  @Column('timestamptz', { name: 'blown_at' }) blownAt!: Date;
  @Column('timestamptz', { name: 'arrival_deadline' }) arrivalDeadline!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
}

@Entity({ name: 'whistle_summons' })
export class WhistleSummonsEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'whistle_id' }) whistleId!: string;
  @Column('integer') position!: number;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { name: 'department_name' }) departmentName!: string;
  @Column('text', { name: 'department_kind' }) departmentKind!: string;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'arrival_deadline' }) arrivalDeadline!: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'arrived_at', nullable: true }) arrivedAt!: Date | null;
  @Column('timestamptz', { name: 'declined_at', nullable: true }) declinedAt!: Date | null;
  @Column('text', { name: 'decline_reason', nullable: true }) declineReason!: string | null;
  @Column('uuid', { name: 'replaced_by_summons_id', nullable: true }) replacedBySummonsId!: string | null;
}

export const dispatchEntities = [KnownCaseEntity, RoutingRuleEntity, WhistleEntity, WhistleSummonsEntity];
